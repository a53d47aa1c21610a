import type { Kysely } from 'kysely';
import type { SecretNoticeRepository } from '../core/ports.js';
import { toIso } from './column-codecs.js';
import type { Database } from './schema.js';

/**
 * Expiry notices already raised, one row per (app, secret, kind). `record` is one insert that
 * does nothing on a duplicate: inside the transaction that stores the event, a second instance
 * racing for the same notice waits for the first to commit (PostgreSQL) and then inserts nothing.
 */
export function secretNoticeRepository(db: Kysely<Database>): SecretNoticeRepository {
  return {
    async record(appId, fingerprint, kind, at) {
      const row = await db
        .insertInto('secret_notices')
        .values({ app_id: appId, secret_fingerprint: fingerprint, kind, created_at: toIso(at) })
        .onConflict((oc) => oc.columns(['app_id', 'secret_fingerprint', 'kind']).doNothing())
        .returning('kind')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
