import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * Attachments up to 150 MB (issue 9). A message's files are stored apart from its payload, in
 * encrypted chunks (binary vault envelopes), so that every instance can deliver every message:
 * `attachment_files` names a file (staged while its request arrives, owned by its message once
 * queued: `message_id`), `attachment_chunks` holds its bytes, one row per chunk. Deleting a file
 * deletes its chunks (cascade), and a chunk can only be written for a file that still exists.
 * `outbox.upload_session` keeps the Graph upload session in progress, a vault envelope.
 */
export const attachments: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('attachment_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      // Null while staged.
      .addColumn('message_id', 'text')
      // Null until the file is whole (150 MB fits an integer on both engines).
      .addColumn('size', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // A message's files (message_id = ?), and the staged ones by age (message_id is null and
    // created_at < ?): one index serves both.
    await db.schema.createIndex('attachment_files_message').on('attachment_files').columns(['message_id', 'created_at']).execute();

    await db.schema
      .createTable('attachment_chunks')
      .addColumn('file_id', 'text', (c) => c.notNull().references('attachment_files.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', postgres ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('attachment_chunks_pk', ['file_id', 'seq'])
      .execute();
    // Chunks are ciphertext: PostgreSQL need not try to compress them before moving them out of line (TOAST).
    if (postgres) await sql`alter table attachment_chunks alter column data set storage external`.execute(db);

    await db.schema.alterTable('outbox').addColumn('upload_session', 'text').execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('outbox').dropColumn('upload_session').execute();
    await db.schema.dropTable('attachment_chunks').execute();
    await db.schema.dropTable('attachment_files').execute();
  },
};
