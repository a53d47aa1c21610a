import type { Kysely, Migration } from 'kysely';

/**
 * Attempt counters for sign-in, one-time tokens and password changes, in the database so that
 * several instances on one PostgreSQL share them (issue 6). One row per key and fixed window;
 * the key is a SHA-256, never an address or an email in clear.
 */
export const rateLimits: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rate_limits')
      .addColumn('key_hash', 'text', (c) => c.primaryKey())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addColumn('window_ends_at', 'text', (c) => c.notNull())
      .execute();
    // The clean-up on each hit looks for windows that have ended.
    await db.schema.createIndex('rate_limits_window_ends_at').on('rate_limits').column('window_ends_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('rate_limits').execute();
  },
};
