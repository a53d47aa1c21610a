import type { Kysely, Selectable } from 'kysely';
import type { ApiKey } from '../core/domain.js';
import type { ApiKeyRepository } from '../core/ports.js';
import { fromIso, fromIsoOrNull, toIso, toIsoOrNull } from './column-codecs.js';
import type { ApiKeyRow, Database } from './schema.js';

const toRow = (key: ApiKey): ApiKeyRow => ({
  id: key.id,
  user_id: key.userId,
  hash: key.hash,
  prefix: key.prefix,
  created_at: toIso(key.createdAt),
  revoked_at: toIsoOrNull(key.revokedAt),
  last_used_at: toIsoOrNull(key.lastUsedAt),
});

const fromRow = (row: Selectable<ApiKeyRow>): ApiKey => ({
  id: row.id,
  userId: row.user_id,
  hash: row.hash,
  prefix: row.prefix,
  createdAt: fromIso(row.created_at),
  revokedAt: fromIsoOrNull(row.revoked_at),
  lastUsedAt: fromIsoOrNull(row.last_used_at),
});

/** API keys, found by their SHA-256 hash (the key itself is never stored). */
export function apiKeyRepository(db: Kysely<Database>): ApiKeyRepository {
  return {
    async create(key) {
      await db.insertInto('api_keys').values(toRow(key)).execute();
    },
    async findActiveByHash(hash) {
      const row = await db.selectFrom('api_keys').selectAll().where('hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async revoke(id, at) {
      // Revoking twice keeps the first time: that is when the key stopped working.
      await db.updateTable('api_keys').set({ revoked_at: toIso(at) }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },
    async listActiveByUser(userId) {
      const rows = await db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at').orderBy('id').execute();
      return rows.map(fromRow);
    },
    async setLastUsed(id, at) {
      await db.updateTable('api_keys').set({ last_used_at: toIso(at) }).where('id', '=', id).execute();
    },
  };
}
