import { loadAccount } from '../accounts/load-account.js';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { NotFoundError } from '../errors.js';

/**
 * DELETE /accounts/{id}/relay-credentials/{credentialId}: the next AUTH with it fails. A
 * credential of another account is "not found", like an unknown one.
 */
export async function deleteRelayCredential(deps: Pick<Deps, 'store'>, actor: Actor, accountId: string, credentialId: string): Promise<void> {
  await loadAccount(deps.store, actor, accountId);
  if (!(await deps.store.relayCredentials.delete(accountId, credentialId))) throw new NotFoundError('Relay credential');
}
