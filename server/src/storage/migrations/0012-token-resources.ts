import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 10: Microsoft issues one access token per resource (Graph, and Exchange Online's
 * `outlook.office.com` for SMTP and IMAP), so an account keeps one token row per resource:
 * `account_tokens` is rebuilt with `resource` in its key, and the existing rows become Graph's
 * (every account linked before this release sends through Graph). Their ciphertexts are copied
 * as they are: Graph's rows keep the vault context they were written with
 * (storage/token-repository.ts). Accounts gain `send_as`, a JSON array of the shared mailboxes
 * they may send as.
 */
export const tokenResources: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('account_tokens_v2')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('access_token', 'text', (c) => c.notNull())
      .addColumn('access_token_expires_at', 'text', (c) => c.notNull())
      .addColumn('refresh_token', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('account_tokens_v2_pk', ['account_id', 'resource'])
      .execute();
    await sql`insert into account_tokens_v2 (account_id, resource, access_token, access_token_expires_at, refresh_token, scope, updated_at)
      select account_id, 'graph', access_token, access_token_expires_at, refresh_token, scope, updated_at from account_tokens`.execute(db);
    await db.schema.dropTable('account_tokens').execute();
    await db.schema.alterTable('account_tokens_v2').renameTo('account_tokens').execute();
    await db.schema.alterTable('accounts').addColumn('send_as', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('accounts').dropColumn('send_as').execute();
    await db.schema
      .createTable('account_tokens_v1')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('access_token', 'text', (c) => c.notNull())
      .addColumn('access_token_expires_at', 'text', (c) => c.notNull())
      .addColumn('refresh_token', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Graph's rows only: an account linked for SMTP alone has no token the older release can use.
    await sql`insert into account_tokens_v1 select account_id, access_token, access_token_expires_at, refresh_token, scope, updated_at from account_tokens where resource = 'graph'`.execute(db);
    await db.schema.dropTable('account_tokens').execute();
    await db.schema.alterTable('account_tokens_v1').renameTo('account_tokens').execute();
  },
};
