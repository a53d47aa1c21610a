import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 12, service mailboxes: an account may belong to the organisation rather than a user
 * (`accounts.user_id` null: a `graph_app` service mailbox, sent from with application
 * permissions), and the organisation app gains its app-only settings (`app_only_enabled` 0/1,
 * `app_only_tenant`: the tenant of the client-credentials grant; docs/microsoft.md §7).
 *
 * PostgreSQL drops the NOT NULL in place. SQLite cannot alter a column: `accounts` is rebuilt as
 * sqlite.org/lang_altertable.html §7 describes — foreign keys off (the pragma only works outside a
 * transaction; Kysely runs SQLite migrations outside one), a new table with every column, the
 * rows copied, the old table dropped and the new one renamed, its indexes made again, and
 * `foreign_key_check` before the keys go back on. The tables that reference `accounts` name it
 * by name, so they point at the new table once it has the old name.
 */
const ACCOUNT_COLUMNS = [
  'id', 'user_id', 'email', 'sending_method', 'app_id', 'status', 'linked_address', 'linked_at', 'ms_tenant_id', 'ms_object_id',
  'linked_app_key', 'last_error', 'created_at', 'updated_at', 'sender_name', 'reply_to', 'signature_html', 'copy_to_self', 'limits', 'send_as',
] as const;

export const serviceMailboxes: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('microsoft_apps').addColumn('app_only_enabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('microsoft_apps').addColumn('app_only_tenant', 'text').execute();
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`alter table accounts alter column user_id drop not null`.execute(db);
      return;
    }
    await rebuildAccounts(db, false);
  },
  async down(db: Kysely<any>): Promise<void> {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`delete from accounts where user_id is null`.execute(db);
      await sql`alter table accounts alter column user_id set not null`.execute(db);
    } else {
      await rebuildAccounts(db, true);
    }
    await db.schema.alterTable('microsoft_apps').dropColumn('app_only_tenant').execute();
    await db.schema.alterTable('microsoft_apps').dropColumn('app_only_enabled').execute();
  },
};

/** SQLite: `accounts` again, with `user_id` nullable (or, going down, NOT NULL: organisation accounts go). */
async function rebuildAccounts(db: Kysely<any>, userRequired: boolean): Promise<void> {
  const columns = sql.join(ACCOUNT_COLUMNS.map((c) => sql.ref(c)));
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await db.schema
        .createTable('accounts_new')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => (userRequired ? c.notNull() : c).references('users.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('sending_method', 'text', (c) => c.notNull())
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
        // Added by 0001 (defaults), 0008 and 0012, as they were declared there.
        .addColumn('sender_name', 'text')
        .addColumn('reply_to', 'text')
        .addColumn('signature_html', 'text')
        .addColumn('copy_to_self', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('limits', 'text')
        .addColumn('send_as', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      const from = userRequired ? sql`from accounts where user_id is not null` : sql`from accounts`;
      await sql`insert into accounts_new (${columns}) select ${columns} ${from}`.execute(db);
      await db.schema.dropTable('accounts').execute();
      await db.schema.alterTable('accounts_new').renameTo('accounts').execute();
      await db.schema.createIndex('accounts_user_id').on('accounts').columns(['user_id', 'created_at']).execute();
      await db.schema.createIndex('accounts_app_id').on('accounts').column('app_id').execute();
      await db.schema.createIndex('accounts_created_at_id').on('accounts').columns(['created_at', 'id']).execute();
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`accounts rebuild left ${broken.rows.length} broken foreign keys`);
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
