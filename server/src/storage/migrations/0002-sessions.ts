import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Sign-in for people (issue 3): passwords and disabling on users, key prefixes and last use,
 * browser sessions, single-use tokens (setup code, invitations, settings links) and each
 * account's default sending values. SQLite adds one column per ALTER TABLE, hence the loops.
 */
export const sessions: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const addColumns = async (table: string, columns: Array<[string, 'text' | 'integer', boolean?]>) => {
      for (const [name, type, flag] of columns) {
        // A NOT NULL column added to a table with rows needs a default (both engines).
        await db.schema.alterTable(table).addColumn(name, type, (c) => (flag ? c.notNull().defaultTo(type === 'integer' ? 0 : '') : c)).execute();
      }
    };
    await addColumns('users', [['password_hash', 'text'], ['disabled_at', 'text']]);
    await addColumns('api_keys', [['prefix', 'text', true], ['last_used_at', 'text']]);
    await addColumns('accounts', [['sender_name', 'text'], ['reply_to', 'text'], ['signature_html', 'text'], ['copy_to_self', 'integer', true]]);

    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('full', 'settings')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('one_time_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('setup', 'invitation', 'settings_link')`))
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('one_time_tokens_kind_user').on('one_time_tokens').columns(['kind', 'user_id']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('one_time_tokens').execute();
    await db.schema.dropTable('sessions').execute();
    const drop = async (table: string, columns: string[]) => {
      for (const c of columns) await db.schema.alterTable(table).dropColumn(c).execute();
    };
    await drop('accounts', ['copy_to_self', 'signature_html', 'reply_to', 'sender_name']);
    await drop('api_keys', ['last_used_at', 'prefix']);
    await drop('users', ['disabled_at', 'password_hash']);
  },
};
