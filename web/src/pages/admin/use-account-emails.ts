import { useCallback, useEffect, useState } from 'react';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView } from '../../api/contract-types.js';

/**
 * The address of each account id: from the accounts the page has read, else read once by id
 * (the accounts list is paged, the outbox across accounts is not in step with it).
 */
export function useAccountEmails(known: AccountView[], wanted: string[]): (accountId: string) => string {
  const [fetched, setFetched] = useState<Record<string, string>>({});
  const missing = [...new Set(wanted)].filter((id) => !known.some((a) => a.id === id) && !(id in fetched));
  const key = missing.join(',');

  useEffect(() => {
    if (!key) return;
    let stale = false;
    void Promise.all(
      key.split(',').map(async (id) => [id, await accountsApi.get(id).then((a) => a.email, () => id)] as const),
    ).then((pairs) => {
      if (!stale) setFetched((f) => ({ ...f, ...Object.fromEntries(pairs) }));
    });
    return () => {
      stale = true;
    };
  }, [key]);

  return useCallback(
    (accountId: string) => known.find((a) => a.id === accountId)?.email ?? fetched[accountId] ?? accountId,
    [known, fetched],
  );
}
