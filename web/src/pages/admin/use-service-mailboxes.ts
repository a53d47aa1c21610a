import { useCallback, useEffect, useState } from 'react';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView } from '../../api/contract-types.js';

export interface ServiceMailboxes {
  /** null until the first read. */
  items: AccountView[] | null;
  error: unknown;
  reload: () => Promise<void>;
}

/**
 * The service mailboxes (accounts with sendingMethod graph_app, owned by the organisation): an
 * admin's GET /accounts holds every account, so it is read to its end, 100 at a time.
 */
export function useServiceMailboxes(): ServiceMailboxes {
  const [items, setItems] = useState<AccountView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      const found: AccountView[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof accountsApi.list>> = await accountsApi.list({ cursor, limit: 100 });
        found.push(...page.items.filter((a) => a.sendingMethod === 'graph_app'));
        cursor = page.nextCursor;
      } while (cursor);
      setItems(found);
      setError(null);
    } catch (e) {
      setError(e);
      setItems((old) => old ?? []);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, error, reload };
}
