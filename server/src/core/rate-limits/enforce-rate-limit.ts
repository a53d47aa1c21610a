import { RateLimitedError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { RateLimit } from '../ports.js';

/**
 * Counts one attempt under `key` (shared by every instance through the database) and throws
 * RateLimitedError, with the seconds until the window ends, once the limit is passed. Callers run
 * it before the expensive part (a password hash), so refused attempts cost almost nothing.
 */
export async function enforceRateLimit(deps: Pick<Deps, 'store' | 'clock'>, key: string, limit: RateLimit, message: string): Promise<void> {
  const { allowed, retryAfterSeconds } = await deps.store.rateLimits.hit(key, limit, deps.clock.now());
  if (!allowed) throw new RateLimitedError(message, retryAfterSeconds);
}
