import type { Kysely, Migration } from 'kysely';

/**
 * Issue 8, mailboxes that never silently die. `secret_notices` remembers which client-secret
 * expiry notices were raised, once per secret: a secret is its app, and a fingerprint of its value
 * and expiry (core/apps/secret-expiry.ts), so a rotated secret gets notices of its own. The
 * keep-alive needs no column: `account_tokens.updated_at` is already when the refresh token was
 * last used (every refresh and every link rewrites the row).
 */
export const keepAlive: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('secret_notices')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('secret_fingerprint', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('secret_notices_pk', ['app_id', 'secret_fingerprint', 'kind'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('secret_notices').execute();
  },
};
