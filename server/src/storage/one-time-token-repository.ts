import type { Kysely, Selectable } from 'kysely';
import type { OneTimeToken, OneTimeTokenKind } from '../core/domain.js';
import type { OneTimeTokenRepository } from '../core/ports.js';
import { fromIso, fromIsoOrNull, toIso, toIsoOrNull } from './column-codecs.js';
import type { Database, OneTimeTokenRow } from './schema.js';

const toRow = (t: OneTimeToken): OneTimeTokenRow => ({
  token_hash: t.tokenHash,
  kind: t.kind,
  user_id: t.userId,
  created_at: toIso(t.createdAt),
  expires_at: toIso(t.expiresAt),
  used_at: toIsoOrNull(t.usedAt),
});

const fromRow = (row: Selectable<OneTimeTokenRow>): OneTimeToken => ({
  tokenHash: row.token_hash,
  kind: row.kind as OneTimeTokenKind,
  userId: row.user_id,
  createdAt: fromIso(row.created_at),
  expiresAt: fromIso(row.expires_at),
  usedAt: fromIsoOrNull(row.used_at),
});

/**
 * Setup codes, invitations and settings links. Spending one is a single conditional UPDATE
 * (unused, unexpired, right kind), so the database, not the caller, decides who wins a race.
 */
export function oneTimeTokenRepository(db: Kysely<Database>): OneTimeTokenRepository {
  const find = async (tokenHash: string) => {
    const row = await db.selectFrom('one_time_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? fromRow(row) : null;
  };
  return {
    async create(token) {
      await db.insertInto('one_time_tokens').values(toRow(token)).execute();
    },
    find,
    async consume(tokenHash, kind, at) {
      const result = await db
        .updateTable('one_time_tokens')
        .set({ used_at: toIso(at) })
        .where('token_hash', '=', tokenHash)
        .where('kind', '=', kind)
        .where('used_at', 'is', null)
        .where('expires_at', '>', toIso(at))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n ? find(tokenHash) : null;
    },
    async deleteUnused(kind, userId) {
      const q = db.deleteFrom('one_time_tokens').where('kind', '=', kind).where('used_at', 'is', null);
      await (userId === null ? q.where('user_id', 'is', null) : q.where('user_id', '=', userId)).execute();
    },
    async deleteExpired(before) {
      const result = await db.deleteFrom('one_time_tokens').where('expires_at', '<', toIso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
