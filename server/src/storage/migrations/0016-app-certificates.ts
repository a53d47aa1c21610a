import type { Kysely, Migration } from 'kysely';

/**
 * Issue 12, certificate credentials: an app may hold one certificate, which then authenticates it
 * instead of its client secret (docs/microsoft.md §7). The certificate's PEM and thumbprint are
 * public; its private key is a vault envelope (context `app:<id>:certificate_key`), like the
 * client secret. All five columns are set together or all null. One statement per column:
 * SQLite adds one column per ALTER TABLE.
 */
const COLUMNS = ['certificate_pem', 'certificate_private_key', 'certificate_thumbprint_sha256', 'certificate_expires_at', 'certificate_created_at'] as const;

export const appCertificates: Migration = {
  async up(db: Kysely<unknown>) {
    for (const column of COLUMNS) await db.schema.alterTable('microsoft_apps').addColumn(column, 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const column of [...COLUMNS].reverse()) await db.schema.alterTable('microsoft_apps').dropColumn(column).execute();
  },
};
