import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * Reading the mailbox (issue 11): each account's sync state, its folders and message envelopes,
 * a cache of encrypted message bodies, and the messages a `message.received` event was raised for.
 *
 * Ids are Mailbridge's own text ids. On SQLite `mail_messages` also has `seq`, an INTEGER
 * PRIMARY KEY, because the full-text index (FTS5, external content) addresses rows by rowid, and
 * only a rowid aliased by such a column survives VACUUM (sqlite.org/lang_vacuum.html); `id` is
 * unique beside it. The index is over `search_text` (storage/mail-search-text.ts): the words of
 * subject, sender and snippet, folded the same way for both engines, so FTS5 and PostgreSQL's
 * `tsvector` ('simple': no stemming or stop words, since mail comes in every language) find the
 * same messages.
 */
export const mailbox: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('mailbox_state')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('reading', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('last_sync_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('cursor', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('mail_folders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('remote_id', 'text', (c) => c.notNull())
      .addColumn('parent_remote_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('role', 'text')
      // UIDVALIDITY and UIDNEXT are unsigned 32-bit: past PostgreSQL's integer.
      .addColumn('uidvalidity', 'bigint')
      .addColumn('uidnext', 'bigint')
      // 63-bit (RFC 7162 §3.1.2): decimal text, beyond JavaScript's safe integers.
      .addColumn('highestmodseq', 'text')
      .addColumn('delta_link', 'text')
      .addColumn('unread', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('mail_folders_remote', ['account_id', 'remote_id'])
      .execute();

    let messages = db.schema.createTable('mail_messages');
    messages = postgres
      ? messages.addColumn('id', 'text', (c) => c.primaryKey())
      : messages.addColumn('seq', 'integer', (c) => c.primaryKey()).addColumn('id', 'text', (c) => c.notNull().unique());
    await messages
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('folder_id', 'text', (c) => c.notNull().references('mail_folders.id').onDelete('cascade'))
      .addColumn('remote_id', 'text', (c) => c.notNull())
      .addColumn('internet_message_id', 'text')
      .addColumn('thread_key', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('from_name', 'text')
      .addColumn('from_address', 'text')
      .addColumn('from_key', 'text')
      .addColumn('to_list', 'text', (c) => c.notNull())
      .addColumn('cc_list', 'text', (c) => c.notNull())
      .addColumn('bcc_list', 'text', (c) => c.notNull())
      .addColumn('reply_to_list', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('unread', 'integer', (c) => c.notNull())
      .addColumn('flagged', 'integer', (c) => c.notNull())
      .addColumn('has_attachments', 'integer', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('snippet', 'text', (c) => c.notNull())
      .addColumn('in_reply_to', 'text')
      .addColumn('references_list', 'text', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('mail_messages_remote', ['folder_id', 'remote_id'])
      .execute();
    // The list, newest first: of a folder, and of every folder; the unread and flagged filters
    // over the few rows they keep (partial indexes).
    await db.schema.createIndex('mail_messages_folder_date').on('mail_messages').columns(['account_id', 'folder_id', 'date', 'id']).execute();
    await db.schema.createIndex('mail_messages_account_date').on('mail_messages').columns(['account_id', 'date', 'id']).execute();
    await db.schema.createIndex('mail_messages_unread').on('mail_messages').columns(['account_id', 'folder_id', 'date', 'id']).where(sql.ref('unread'), '=', 1).execute();
    await db.schema.createIndex('mail_messages_flagged').on('mail_messages').columns(['account_id', 'folder_id', 'date', 'id']).where(sql.ref('flagged'), '=', 1).execute();
    await db.schema.createIndex('mail_messages_internet_id').on('mail_messages').columns(['account_id', 'internet_message_id']).execute();
    await db.schema.createIndex('mail_messages_from').on('mail_messages').columns(['account_id', 'from_key']).execute();
    await db.schema.createIndex('mail_messages_thread').on('mail_messages').columns(['account_id', 'thread_key']).execute();
    if (postgres) {
      await sql`alter table mail_messages add column search tsvector generated always as (to_tsvector('simple', search_text)) stored`.execute(db);
      await sql`create index mail_messages_search on mail_messages using gin (search)`.execute(db);
    } else {
      await sql`create virtual table mail_messages_fts using fts5(search_text, content='mail_messages', content_rowid='seq', tokenize='unicode61 remove_diacritics 0')`.execute(db);
      // Kept in step with the rows, cascades included (sqlite.org/fts5.html §4.4.3).
      await sql`create trigger mail_messages_fts_insert after insert on mail_messages begin
        insert into mail_messages_fts (rowid, search_text) values (new.seq, new.search_text); end`.execute(db);
      await sql`create trigger mail_messages_fts_delete after delete on mail_messages begin
        insert into mail_messages_fts (mail_messages_fts, rowid, search_text) values ('delete', old.seq, old.search_text); end`.execute(db);
      await sql`create trigger mail_messages_fts_update after update of search_text on mail_messages when old.search_text is not new.search_text begin
        insert into mail_messages_fts (mail_messages_fts, rowid, search_text) values ('delete', old.seq, old.search_text);
        insert into mail_messages_fts (rowid, search_text) values (new.seq, new.search_text); end`.execute(db);
    }

    await db.schema
      .createTable('mail_bodies')
      .addColumn('message_id', 'text', (c) => c.primaryKey().references('mail_messages.id').onDelete('cascade'))
      .addColumn('data', postgres ? 'bytea' : 'blob', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('last_access', 'text', (c) => c.notNull())
      .execute();
    // Eviction walks the least recently read first.
    await db.schema.createIndex('mail_bodies_last_access').on('mail_bodies').columns(['last_access']).execute();
    if (postgres) await sql`alter table mail_bodies alter column data set storage external`.execute(db);

    await db.schema
      .createTable('mail_received')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      // SHA-256 of the Message-ID or Graph id: a fixed size for the key, whatever a sender wrote.
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mail_received_pk', ['account_id', 'key_hash'])
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('mail_received').execute();
    await db.schema.dropTable('mail_bodies').execute();
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await sql`drop table mail_messages_fts`.execute(db);
    await db.schema.dropTable('mail_messages').execute();
    await db.schema.dropTable('mail_folders').execute();
    await db.schema.dropTable('mailbox_state').execute();
  },
};
