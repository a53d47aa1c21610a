import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { loadAccount } from './load-account.js';

/** DELETE /accounts/{id}: the account, its tokens (cascade) and its own app. */
export async function deleteAccount(deps: Deps, actor: Actor, id: string): Promise<void> {
  const account = await loadAccount(deps.store, actor, id);
  deps.tokens.forget(id);
  await deps.store.accounts.delete(id);
  if (account.appId) await deps.store.apps.delete(account.appId);
}
