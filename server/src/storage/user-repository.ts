import type { Kysely, Selectable, Updateable } from 'kysely';
import { addressKey } from '@mailbridge/contract';
import type { Role, User } from '../core/domain.js';
import { ConflictError } from '../core/errors.js';
import type { UserRepository } from '../core/ports.js';
import { fromIso, fromIsoOrNull, toIso, toIsoOrNull } from './column-codecs.js';
import type { Database, UserRow } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';
import { keysetPage } from './keyset-page.js';

const toRow = (user: User): UserRow => ({
  id: user.id,
  email: user.email,
  email_key: addressKey(user.email),
  name: user.name,
  role: user.role,
  password_hash: user.passwordHash,
  disabled_at: toIsoOrNull(user.disabledAt),
  created_at: toIso(user.createdAt),
});

const fromRow = (row: Selectable<UserRow>): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  passwordHash: row.password_hash,
  disabledAt: fromIsoOrNull(row.disabled_at),
  createdAt: fromIso(row.created_at),
});

/** Users; email is unique without regard to case or Unicode normalization (by addressKey). */
export function userRepository(db: Kysely<Database>): UserRepository {
  return {
    async create(user) {
      try {
        await db.insertInto('users').values(toRow(user)).execute();
      } catch (error) {
        // The caller checks first; this catches the race between two creates.
        if (isUniqueViolation(error, ['users_email_key_unique', 'users.email_key'])) throw new ConflictError(`A user with email ${user.email} already exists`, { cause: error });
        throw error;
      }
    },
    async get(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async findByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email_key', '=', addressKey(email)).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async list() {
      const rows = await db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(fromRow);
    },
    async listPage(page) {
      return keysetPage(db.selectFrom('users').selectAll(), page, fromRow);
    },
    async count() {
      const { n } = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      // PostgreSQL returns count(*) as a bigint string.
      return Number(n);
    },
    async update(id, patch) {
      const row: Updateable<UserRow> = {};
      if (patch.name !== undefined) row.name = patch.name;
      if (patch.role !== undefined) row.role = patch.role;
      if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
      if (patch.disabledAt !== undefined) row.disabled_at = toIsoOrNull(patch.disabledAt);
      if (Object.keys(row).length === 0) return;
      await db.updateTable('users').set(row).where('id', '=', id).execute();
    },
  };
}
