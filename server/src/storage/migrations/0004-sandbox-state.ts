import type { Kysely, Migration } from 'kysely';

/**
 * The built-in sandbox's state (issue 6): its emulator kept everything in memory, so every
 * restart forgot the refresh tokens it had issued and linked sandbox accounts broke. One row
 * holds the emulator's snapshot as a vault envelope.
 */
export const sandboxState: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('sandbox_state')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('sandbox_state').execute();
  },
};
