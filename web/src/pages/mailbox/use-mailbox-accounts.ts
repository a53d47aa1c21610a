import { useEffect, useState } from 'react';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView, Page } from '../../api/contract-types.js';

export interface MailboxAccounts {
  /** undefined while loading. */
  items: AccountView[] | undefined;
  error: unknown;
}

/**
 * The signed-in user's own accounts (an admin's pages list everyone's: only theirs are kept),
 * plus the one named in the URL when it is someone else's that the caller may see.
 */
export function useMailboxAccounts(userId: string | undefined, wanted: string | null): MailboxAccounts {
  const [state, setState] = useState<MailboxAccounts>({ items: undefined, error: null });
  useEffect(() => {
    if (userId === undefined) return;
    let live = true;
    void (async () => {
      try {
        const own: AccountView[] = [];
        let cursor: string | null = null;
        do {
          const page: Page<AccountView> = await accountsApi.list({ cursor, limit: 100 });
          own.push(...page.items.filter((a) => a.userId === userId));
          cursor = page.nextCursor;
        } while (cursor);
        if (wanted && !own.some((a) => a.id === wanted)) own.push(await accountsApi.get(wanted));
        if (live) setState({ items: own, error: null });
      } catch (error) {
        if (live) setState((s) => ({ items: s.items ?? [], error }));
      }
    })();
    return () => {
      live = false;
    };
  }, [userId, wanted]);
  return state;
}
