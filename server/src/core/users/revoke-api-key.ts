import type { Actor } from '../domain.js';
import { NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';

/** DELETE /me/api-keys/{keyId}: only one's own keys; another user's key answers "not found". */
export async function revokeApiKey(deps: Pick<Deps, 'store' | 'clock'>, actor: Actor, keyId: string): Promise<void> {
  const mine = await deps.store.apiKeys.listActiveByUser(actor.userId);
  if (!mine.some((k) => k.id === keyId)) throw new NotFoundError('API key');
  await deps.store.apiKeys.revoke(keyId, deps.clock.now());
}
