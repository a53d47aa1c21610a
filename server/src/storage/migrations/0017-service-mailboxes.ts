import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 12, service mailboxes: an account may belong to the organisation rather than a user
 * (`accounts.user_id` null: a `graph_app` service mailbox, sent from with application
 * permissions), and the organisation app gains its app-only settings (`app_only_enabled` 0/1,
 * `app_only_tenant`: the tenant of the client-credentials grant; docs/microsoft.md §7).
 *
 * PostgreSQL drops the NOT NULL in place (Kysely runs its migrations in a transaction there).
 * SQLite cannot alter a column: `accounts` is rebuilt as sqlite.org/lang_altertable.html §7
 * describes — foreign keys off (the pragma only works outside a transaction; Kysely runs SQLite
 * migrations outside one, and without a lock), then in one transaction of our own the app
 * columns, a new table with every column, the rows copied, the old table dropped and the new one
 * renamed, its indexes made again, and `foreign_key_check` before the commit and the keys go back
 * on. Anything failing rolls all of it back, so a later start runs the migration again from
 * scratch. The tables that reference `accounts` name it by name, so they point at the new table
 * once it has the old name. The check compares broken references before and after, on `accounts`
 * and the tables that reference it: a broken row elsewhere (or one already there) is not this
 * migration's to judge, and must not stop every start.
 */
const ACCOUNT_COLUMNS = [
  'id', 'user_id', 'email', 'sending_method', 'app_id', 'status', 'linked_address', 'linked_at', 'ms_tenant_id', 'ms_object_id',
  'linked_app_key', 'last_error', 'created_at', 'updated_at', 'sender_name', 'reply_to', 'signature_html', 'copy_to_self', 'limits', 'send_as',
] as const;

/** `present`: the columns already there (SQLite: a database left half-migrated by 0017's first release, which added them outside the transaction). */
const addAppColumns = async (db: Kysely<any>, present: string[] = []): Promise<void> => {
  if (!present.includes('app_only_enabled')) await db.schema.alterTable('microsoft_apps').addColumn('app_only_enabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  if (!present.includes('app_only_tenant')) await db.schema.alterTable('microsoft_apps').addColumn('app_only_tenant', 'text').execute();
};

const dropAppColumns = async (db: Kysely<any>): Promise<void> => {
  await db.schema.alterTable('microsoft_apps').dropColumn('app_only_tenant').execute();
  await db.schema.alterTable('microsoft_apps').dropColumn('app_only_enabled').execute();
};

export const serviceMailboxes: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await addAppColumns(db);
      await sql`alter table accounts alter column user_id drop not null`.execute(db);
      return;
    }
    await rebuildAccounts(db, false, async () => {
      const present = await sql<{ name: string }>`select name from pragma_table_info('microsoft_apps')`.execute(db);
      await addAppColumns(db, present.rows.map((r) => r.name));
    });
  },
  async down(db: Kysely<any>): Promise<void> {
    // Organisation accounts go first, with foreign keys on, so what hangs from them (tokens,
    // relay credentials, mailbox rows…) goes with them by its ON DELETE CASCADE.
    await sql`delete from accounts where user_id is null`.execute(db);
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`alter table accounts alter column user_id set not null`.execute(db);
      await dropAppColumns(db);
    } else {
      await rebuildAccounts(db, true, () => dropAppColumns(db));
    }
  },
};

/** Broken references per `table → parent`, on `accounts` and every table that references it. */
async function brokenAccountReferences(db: Kysely<any>): Promise<Map<string, number>> {
  const tables = await sql<{ name: string }>`
    select m.name from sqlite_master m where m.type = 'table'
      and (m.name = 'accounts' or exists (select 1 from pragma_foreign_key_list(m.name) f where f."table" = 'accounts'))`.execute(db);
  const counts = new Map<string, number>();
  for (const { name } of tables.rows) {
    const rows = await sql<{ table: string; parent: string }>`select * from pragma_foreign_key_check(${name})`.execute(db);
    for (const r of rows.rows) counts.set(`${r.table} → ${r.parent}`, (counts.get(`${r.table} → ${r.parent}`) ?? 0) + 1);
  }
  return counts;
}

/** SQLite: `accounts` again, with `user_id` nullable (or, going down, NOT NULL), `alsoDo` in the same transaction. */
async function rebuildAccounts(db: Kysely<any>, userRequired: boolean, alsoDo: () => Promise<void>): Promise<void> {
  const columns = sql.join(ACCOUNT_COLUMNS.map((c) => sql.ref(c)));
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      const before = await brokenAccountReferences(db);
      await alsoDo();
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
      const after = await brokenAccountReferences(db);
      const made = [...after].filter(([k, n]) => n > (before.get(k) ?? 0)).map(([k, n]) => `${k}: ${n - (before.get(k) ?? 0)}`);
      if (made.length > 0) throw new Error(`accounts rebuild left broken foreign keys (${made.join(', ')})`);
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
