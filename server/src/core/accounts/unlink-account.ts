import type { Actor, MailAccount } from '../domain.js';
import { NOT_LINKED } from '../domain.js';
import type { Deps } from '../deps.js';
import { loadAccount } from './load-account.js';

/** POST /accounts/{id}/unlink: tokens deleted, settings (address, app) kept. */
export async function unlinkAccount(deps: Deps, actor: Actor, id: string): Promise<MailAccount> {
  await loadAccount(deps.store, actor, id);
  await deps.store.tokens.delete(id);
  deps.tokens.forget(id);
  await deps.store.accounts.update(id, { ...NOT_LINKED, updatedAt: deps.clock.now() });
  return (await deps.store.accounts.get(id))!;
}
