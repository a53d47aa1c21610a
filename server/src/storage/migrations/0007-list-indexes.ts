import type { Kysely, Migration } from 'kysely';

/**
 * The API's lists are paged by keyset on (created_at, id) (storage/keyset-page.ts): with these
 * indexes a page costs its own rows, not a sort of the whole table. A user's accounts already
 * have (user_id, created_at) from 0001.
 */
export const listIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('users_created_at_id').on('users').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('accounts_created_at_id').on('accounts').columns(['created_at', 'id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('accounts_created_at_id').execute();
    await db.schema.dropIndex('users_created_at_id').execute();
  },
};
