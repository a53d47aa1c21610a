import type { Actor, MailAccount } from '../domain.js';
import type { Deps } from '../deps.js';
import { loadAccount } from './load-account.js';
import { markUnlinked } from './account-transitions.js';

/** POST /accounts/{id}/unlink: tokens deleted, settings (address, app) kept, queued messages held. */
export async function unlinkAccount(deps: Deps, actor: Actor, id: string): Promise<MailAccount> {
  await loadAccount(deps.store, actor, id);
  await markUnlinked(deps, id);
  return (await deps.store.accounts.get(id))!;
}
