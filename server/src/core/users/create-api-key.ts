import type { ApiKey } from '../domain.js';
import { NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken, newId, randomToken } from '../random-token.js';

/** Recognisable prefix (secret scanners, support) + 256 random bits. */
export const API_KEY_PREFIX = 'mbk_';

/** How much of a key is kept in clear, to tell keys apart: `mbk_` + 4 of 43 random characters. */
const PREFIX_LENGTH = 8;

/** POST /users/{id}/api-keys and /me/api-keys: the key is returned once; only its hash and prefix are stored. */
export async function createApiKey(deps: Pick<Deps, 'store' | 'clock'>, userId: string, key = API_KEY_PREFIX + randomToken()): Promise<{ apiKey: ApiKey; key: string }> {
  if (!(await deps.store.users.get(userId))) throw new NotFoundError('User');
  const apiKey: ApiKey = { id: newId(), userId, hash: hashToken(key), prefix: key.slice(0, PREFIX_LENGTH), createdAt: deps.clock.now(), revokedAt: null, lastUsedAt: null };
  await deps.store.apiKeys.create(apiKey);
  return { apiKey, key };
}
