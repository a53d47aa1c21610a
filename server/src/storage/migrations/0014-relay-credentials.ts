import type { Kysely, Migration } from 'kysely';

/**
 * The SMTP relay's credentials (issue 12): one row per username, owned by a mail account and
 * deleted with it (cascade). The password is only a SHA-256 hash; `allowed_networks` is a JSON
 * array of CIDR text ('[]' for anywhere). The relay finds a row by `username` (unique), the API
 * pages an account's rows by (account_id, created_at, id).
 */
export const relayCredentials: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('relay_credentials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('allowed_networks', 'text', (c) => c.notNull())
      .addColumn('bounces', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema.createIndex('relay_credentials_username').on('relay_credentials').column('username').unique().execute();
    await db.schema.createIndex('relay_credentials_account').on('relay_credentials').columns(['account_id', 'created_at', 'id']).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('relay_credentials').execute();
  },
};
