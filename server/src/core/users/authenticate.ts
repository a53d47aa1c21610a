import type { Actor } from '../domain.js';
import { UnauthenticatedError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken } from '../random-token.js';

/** Last use is shown to people, not audited: minute precision spares a write per request. */
const LAST_USED_PRECISION_MS = 60_000;

/** The actor behind an API key, or UnauthenticatedError. A disabled user's keys stop working. */
export async function authenticate(deps: Pick<Deps, 'store' | 'clock'>, key: string | undefined): Promise<Actor> {
  if (!key) throw new UnauthenticatedError();
  const found = await deps.store.apiKeys.findActiveByHash(hashToken(key));
  const user = found ? await deps.store.users.get(found.userId) : null;
  if (!found || !user || user.disabledAt) throw new UnauthenticatedError('This API key is not valid or was revoked');
  const now = deps.clock.now();
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) await deps.store.apiKeys.setLastUsed(found.id, now);
  return { userId: user.id, role: user.role };
}
