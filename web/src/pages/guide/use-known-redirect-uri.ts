import { useEffect, useState } from 'react';
import { accountsApi } from '../../api/accounts-api.js';
import { adminApi } from '../../api/admin-api.js';

/**
 * The redirect URI exactly as the server builds it: from any of the user's accounts, or from the
 * organisation app (admins). Never guessed on the client: a wrong guess is the classic failure.
 */
export function useKnownRedirectUri(isAdmin: boolean): string | null {
  const [uri, setUri] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const find = async () => {
      const fromAccounts = await accountsApi.list({ limit: 1 }).then((r) => r.items[0]?.redirectUri, () => undefined);
      if (fromAccounts) return fromAccounts;
      if (!isAdmin) return null;
      return adminApi.getMicrosoftApp().then((a) => a.redirectUri, () => null);
    };
    void find().then((found) => {
      if (alive) setUri(found ?? null);
    });
    return () => {
      alive = false;
    };
  }, [isAdmin]);
  return uri;
}
