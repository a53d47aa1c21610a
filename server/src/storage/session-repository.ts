import type { Kysely, Selectable } from 'kysely';
import type { Session } from '../core/domain.js';
import type { SessionRepository } from '../core/ports.js';
import { fromIso, toIso } from './column-codecs.js';
import type { Database, SessionRow } from './schema.js';

const toRow = (s: Session): SessionRow => ({
  id_hash: s.idHash,
  user_id: s.userId,
  scope: s.scope,
  created_at: toIso(s.createdAt),
  last_seen_at: toIso(s.lastSeenAt),
  expires_at: toIso(s.expiresAt),
});

const fromRow = (row: Selectable<SessionRow>): Session => ({
  idHash: row.id_hash,
  userId: row.user_id,
  scope: row.scope as Session['scope'],
  createdAt: fromIso(row.created_at),
  lastSeenAt: fromIso(row.last_seen_at),
  expiresAt: fromIso(row.expires_at),
});

/** Browser sessions, found by the SHA-256 of the cookie's token. Deleting a user ends them (cascade). */
export function sessionRepository(db: Kysely<Database>): SessionRepository {
  return {
    async create(session) {
      await db.insertInto('sessions').values(toRow(session)).execute();
    },
    async get(idHash) {
      const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async touch(idHash, lastSeenAt) {
      await db.updateTable('sessions').set({ last_seen_at: toIso(lastSeenAt) }).where('id_hash', '=', idHash).execute();
    },
    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteForUser(userId, keepIdHash) {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keepIdHash !== undefined) q = q.where('id_hash', '!=', keepIdHash);
      await q.execute();
    },
    async deleteExpired(now, idleBefore) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', toIso(now)), eb('last_seen_at', '<', toIso(idleBefore))]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
