import type { Kysely, Migration } from 'kysely';

/**
 * Issue 12, the SMTP relay: where a queued message came from. `origin` is JSON
 * `{kind: 'relay', credentialId, bounceTo}` for a message the relay accepted (bounceTo: where a
 * delivery status notification goes if Microsoft refuses it later, null for none), null for the
 * API's messages and for every message queued before this migration.
 */
export const outboxOrigin: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('outbox').addColumn('origin', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('outbox').dropColumn('origin').execute();
  },
};
