import type { Actor, MailAccount } from '../domain.js';
import type { Deps } from '../deps.js';
import { ConflictError } from '../errors.js';
import { loadAccount } from './load-account.js';
import { markUnlinked } from './account-transitions.js';

/** POST /accounts/{id}/unlink: tokens deleted, settings (address, app) kept, queued messages held. */
export async function unlinkAccount(deps: Deps, actor: Actor, id: string): Promise<MailAccount> {
  const account = await loadAccount(deps.store, actor, id);
  // Like start-link: the organisation app sends from it with application permissions, no grant of its own.
  if (account.sendingMethod === 'graph_app') throw new ConflictError('A service mailbox has nothing to unlink: delete it, or remove its relay credentials');
  await markUnlinked(deps, id);
  return (await deps.store.accounts.get(id))!;
}
