import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The first schema. Portable across SQLite and PostgreSQL: text ids, text ISO-8601 UTC
 * timestamps, JSON as text, secrets as vault envelopes (text). Migrations take Kysely<any>
 * because they must keep working after schema.ts has moved on (Kysely's migration guide).
 */
export const initial: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // Addresses are case-insensitive in practice: Alice@x and alice@x are one person.
    await db.schema.createIndex('users_email_lower_unique').on('users').unique().expression(sql`lower(email)`).execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('api_keys_user_id').on('api_keys').column('user_id').execute();

    await db.schema
      .createTable('microsoft_apps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('organization', 'account')`))
      .addColumn('cloud', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('client_secret', 'text')
      .addColumn('client_secret_expires_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // At most one organisation app: a partial unique index (both databases support them).
    await db.schema
      .createIndex('microsoft_apps_one_organization')
      .on('microsoft_apps')
      .unique()
      .column('scope')
      .where(sql.ref('scope'), '=', sql.lit('organization'))
      .execute();

    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('sending_method', 'text', (c) => c.notNull())
      // Deleting an account's own app falls back to the organisation app, not to deleting the account.
      .addColumn('app_id', 'text', (c) => c.references('microsoft_apps.id').onDelete('set null'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('linked_address', 'text')
      .addColumn('linked_at', 'text')
      .addColumn('ms_tenant_id', 'text')
      .addColumn('ms_object_id', 'text')
      .addColumn('linked_app_key', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('accounts_user_id').on('accounts').columns(['user_id', 'created_at']).execute();
    await db.schema.createIndex('accounts_app_id').on('accounts').column('app_id').execute();

    await db.schema
      .createTable('account_tokens')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('access_token', 'text', (c) => c.notNull())
      .addColumn('access_token_expires_at', 'text', (c) => c.notNull())
      .addColumn('refresh_token', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('link_flows')
      .addColumn('state', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('app_key', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('ticket_hash', 'text', (c) => c.notNull().unique())
      .addColumn('browser_key_hash', 'text')
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('link_flows_account_id').on('link_flows').column('account_id').execute();
    await db.schema.createIndex('link_flows_expires_at').on('link_flows').column('expires_at').execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('recipient_count', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messages_account_id').on('messages').columns(['account_id', 'created_at']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['messages', 'link_flows', 'account_tokens', 'accounts', 'microsoft_apps', 'api_keys', 'users']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
