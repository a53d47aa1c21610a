import type { Kysely, Migration } from 'kysely';

/**
 * A link attempt started from a signed-in page remembers that session (its id hash), so the
 * single-use start URL only works in the browser session that asked for it.
 */
export const linkSession: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('link_flows').addColumn('session_hash', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('link_flows').dropColumn('session_hash').execute();
  },
};
