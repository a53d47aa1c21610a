import type { Actor, MailAccount } from '../domain.js';
import { NotFoundError } from '../errors.js';
import type { Store } from '../ports.js';

/**
 * The account if the actor may touch it. Another user's account answers "not found", not
 * "forbidden", so its existence is not disclosed.
 */
export async function loadAccount(store: Store, actor: Actor, id: string): Promise<MailAccount> {
  const account = await store.accounts.get(id);
  if (!account || (actor.role !== 'admin' && account.userId !== actor.userId)) throw new NotFoundError('Mail account');
  return account;
}
