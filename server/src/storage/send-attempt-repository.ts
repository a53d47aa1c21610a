import type { Kysely } from 'kysely';
import type { SendAttemptRepository } from '../core/ports.js';
import { toIso } from './column-codecs.js';
import type { Database } from './schema.js';

/**
 * The per-minute window, with a margin: an attempt is counted from its claim, Microsoft counts
 * it when the message reaches it a moment later, so a window exactly one minute long would let
 * the 31st message reach Exchange a little early.
 */
const MINUTE = 63_000;
const DAY = 24 * 60 * 60_000;

/** The rolling log behind the per-mailbox limits: one row per attempt to hand a message over. */
export function sendAttemptRepository(db: Kysely<Database>): SendAttemptRepository {
  return {
    async record(accountId, at, recipients) {
      await db.insertInto('send_attempts').values({ account_id: accountId, started_at: toIso(at), recipients }).execute();
    },
    async usage(accountId, now) {
      const row = await db
        .selectFrom('send_attempts')
        .select((eb) => [
          eb.fn.sum<string | number | null>(eb.case().when('started_at', '>', toIso(new Date(now.getTime() - MINUTE))).then(1).else(0).end()).as('minute'),
          eb.fn.sum<string | number | null>('recipients').as('recipients'),
          eb.fn.min<string | null>(eb.case().when('started_at', '>', toIso(new Date(now.getTime() - MINUTE))).then(eb.ref('started_at')).end()).as('oldestInMinute'),
        ])
        .where('account_id', '=', accountId)
        .where('started_at', '>', toIso(new Date(now.getTime() - DAY)))
        .executeTakeFirstOrThrow();
      return {
        lastMinute: Number(row.minute ?? 0),
        recipientsLastDay: Number(row.recipients ?? 0),
        oldestInMinute: row.oldestInMinute ? new Date(row.oldestInMinute) : null,
      };
    },
    async prune(before) {
      await db.deleteFrom('send_attempts').where('started_at', '<', toIso(before)).execute();
    },
  };
}
