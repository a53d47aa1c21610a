import type { OneTimeTokenKind } from '../domain.js';
import type { Deps } from '../deps.js';
import { hashToken, randomToken } from '../random-token.js';

/**
 * A new single-use token of a kind; with `replace`, the unused ones of the same kind and user are
 * voided (a fresh invitation voids the previous one). Only its SHA-256 is stored: the token is "signed" by being
 * unguessable (256 bits) and known to the server.
 */
export async function issueOneTimeToken(deps: Pick<Deps, 'store' | 'clock'>, kind: OneTimeTokenKind, userId: string | null, ttlMs: number, replace = true): Promise<{ token: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await deps.store.oneTimeTokens.deleteExpired(now);
  if (replace) await deps.store.oneTimeTokens.deleteUnused(kind, userId);
  await deps.store.oneTimeTokens.create({ tokenHash: hashToken(token), kind, userId, createdAt: now, expiresAt, usedAt: null });
  return { token, expiresAt };
}
