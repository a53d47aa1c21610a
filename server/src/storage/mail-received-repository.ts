import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MailReceivedRepository } from '../core/ports.js';
import { toIso } from './column-codecs.js';
import type { Database } from './schema.js';

/**
 * The messages a `message.received` event was raised for (migration 0013). `claim` is one insert
 * that does nothing on a duplicate: on PostgreSQL a racing transaction inserting the same key
 * waits for the first to commit and then inserts nothing (or, if the first rolled back, inserts).
 */
export function mailReceivedRepository(db: Kysely<Database>): MailReceivedRepository {
  return {
    async claim(accountId, key, at) {
      const row = await db
        .insertInto('mail_received')
        .values({ account_id: accountId, key_hash: createHash('sha256').update(key).digest('hex'), created_at: toIso(at) })
        .onConflict((oc) => oc.columns(['account_id', 'key_hash']).doNothing())
        .returning('key_hash')
        .executeTakeFirst();
      return row !== undefined;
    },
    async forget(accountId) {
      await db.deleteFrom('mail_received').where('account_id', '=', accountId).execute();
    },
  };
}
