import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * Raw MIME queued by the relay (and bounces) as bytes: `payload_mime` holds the message
 * encrypted as one binary vault envelope (context `outbox:<id>:mime`), and `payload` only its
 * envelope. Before this the MIME sat base64-encoded inside the payload's JSON, itself base64 once
 * encrypted: 1.8 times the message in the database and the WAL, and strings of that size in
 * memory (a 35 MB message made a 65 MB string). Rows queued before keep their old payload,
 * which still reads (storage/outbox-codecs.ts).
 */
export const outboxMimeBytes: Migration = {
  async up(db: Kysely<any>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.alterTable('outbox').addColumn('payload_mime', postgres ? 'bytea' : 'blob').execute();
    // Encrypted bytes do not compress: PostgreSQL need not try (as attachment_chunks.data, 0011).
    if (postgres) await sql`alter table outbox alter column payload_mime set storage external`.execute(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('outbox').dropColumn('payload_mime').execute();
  },
};
