import type { ApiKey } from '../domain.js';
import { NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken, newId, randomToken } from '../random-token.js';

/** Recognisable prefix (secret scanners, support) + 256 random bits. */
export const API_KEY_PREFIX = 'mbk_';

/** POST /users/{id}/api-keys: the key is returned once; only its hash is stored. */
export async function createApiKey(deps: Pick<Deps, 'store' | 'clock'>, userId: string, key = API_KEY_PREFIX + randomToken()): Promise<{ apiKey: ApiKey; key: string }> {
  if (!(await deps.store.users.get(userId))) throw new NotFoundError('User');
  const apiKey: ApiKey = { id: newId(), userId, hash: hashToken(key), createdAt: deps.clock.now(), revokedAt: null };
  await deps.store.apiKeys.create(apiKey);
  return { apiKey, key };
}
