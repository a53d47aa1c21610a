import type { Actor } from '../domain.js';
import { UnauthenticatedError } from '../errors.js';
import type { Store } from '../ports.js';
import { hashToken } from '../random-token.js';

/** The actor behind an API key, or UnauthenticatedError. */
export async function authenticate(store: Store, key: string | undefined): Promise<Actor> {
  if (!key) throw new UnauthenticatedError();
  const found = await store.apiKeys.findActiveByHash(hashToken(key));
  const user = found ? await store.users.get(found.userId) : null;
  if (!user) throw new UnauthenticatedError('This API key is not valid or was revoked');
  return { userId: user.id, role: user.role };
}
