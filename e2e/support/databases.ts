import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.MAILBRIDGE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  options(): Promise<{ databaseUrl?: string; secretKey?: string }>;
  cleanup(): Promise<void>;
}

/** A fresh PostgreSQL database for one test file, dropped afterwards. */
export function freshPostgres(): TestDatabase {
  const dbName = `mailbridge_e2e_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    async options() {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${dbName}`;
      return { databaseUrl: url.toString(), secretKey: randomBytes(32).toString('base64') };
    },
    async cleanup() {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [dbName]);
      await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
      await admin.end();
    },
  };
}

export const sqlite = (): TestDatabase => ({ name: 'sqlite', options: async () => ({}), cleanup: async () => {} });

/** The end-to-end flows run on both databases. */
export const databases = (): TestDatabase[] => [sqlite(), freshPostgres()];
