import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { RateLimitRepository } from '../core/ports.js';
import { toIso } from './column-codecs.js';
import type { Database } from './schema.js';

/**
 * Ended windows removed per hit. Each hit adds at most one row and removes up to this many dead
 * ones, so dead rows cannot pile up, and no hit pays for a backlog: bounded work, no timer.
 */
const CLEANUP_BATCH = 10;

/**
 * Fixed-window counters, one row per key: `hits` attempts in the window ending `window_ends_at`.
 * Fixed rather than sliding: a single INSERT … ON CONFLICT DO UPDATE … RETURNING both counts and
 * answers atomically on SQLite and PostgreSQL, Retry-After is exact (the window's end), and the
 * known flaw, up to twice `max` across a window boundary, still caps guessing at `max` per window
 * on average. A sliding log would need a row per attempt; a weighted sliding window, two counters
 * and arithmetic on timestamps that the two engines spell differently.
 *
 * Keys are stored as SHA-256 (they contain client addresses and emails). `skipLocked` (PostgreSQL):
 * the clean-up leaves rows another transaction holds, so two instances never wait on each other.
 */
export function rateLimitRepository(db: Kysely<Database>, opts: { skipLocked: boolean }): RateLimitRepository {
  return {
    async hit(key, limit, now) {
      const at = toIso(now);
      const row = await db
        .insertInto('rate_limits')
        .values({ key_hash: hashKey(key), hits: 1, window_ends_at: toIso(new Date(now.getTime() + limit.windowMs)) })
        .onConflict((oc) =>
          oc.column('key_hash').doUpdateSet({
            // A window that has ended starts again at this hit.
            hits: sql<number>`case when rate_limits.window_ends_at <= ${at} then 1 else rate_limits.hits + 1 end`,
            window_ends_at: sql<string>`case when rate_limits.window_ends_at <= ${at} then excluded.window_ends_at else rate_limits.window_ends_at end`,
          }),
        )
        .returning(['hits', 'window_ends_at'])
        .executeTakeFirstOrThrow();
      await deleteEnded(db, at, opts.skipLocked);
      const allowed = Number(row.hits) <= limit.max;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((Date.parse(row.window_ends_at) - now.getTime()) / 1000)) };
    },
    async check(key, limit, now) {
      const row = await db.selectFrom('rate_limits').select(['hits', 'window_ends_at']).where('key_hash', '=', hashKey(key)).where('window_ends_at', '>', toIso(now)).executeTakeFirst();
      const allowed = !row || Number(row.hits) < limit.max;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((Date.parse(row.window_ends_at) - now.getTime()) / 1000)) };
    },
  };
}

const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

async function deleteEnded(db: Kysely<Database>, at: string, skipLocked: boolean): Promise<void> {
  let ended = db.selectFrom('rate_limits').select('key_hash').where('window_ends_at', '<=', at).orderBy('window_ends_at').limit(CLEANUP_BATCH);
  if (skipLocked) ended = ended.forUpdate().skipLocked();
  // Checked again on the row itself: a window renewed meanwhile by a hit is not deleted.
  await db.deleteFrom('rate_limits').where('key_hash', 'in', ended).where('window_ends_at', '<=', at).execute();
}
