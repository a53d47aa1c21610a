import type { Actor, MailAccount } from '../domain.js';
import type { Store } from '../ports.js';

/** GET /accounts: an admin sees every account, a user their own. */
export function listAccounts(store: Store, actor: Actor): Promise<MailAccount[]> {
  return store.accounts.list(actor.role === 'admin' ? {} : { userId: actor.userId });
}
