import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// The database engines the storage contract suites run against (store.int.test.ts and
// session-store.int.test.ts): a fresh database per suite, dropped afterwards.

export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** One database engine under test: a fresh database for the run, and its raw bytes if a file. */
export interface Backend {
  name: string;
  available: boolean;
  open(): Promise<string>;
  /** Every byte the engine wrote to disk, where that is knowable (SQLite: file + WAL). */
  fileBytes?(): Buffer;
  drop(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'mailbridge-store-'));
  const file = join(dir, 'test.db');
  return {
    name: 'sqlite',
    available: true,
    open: async () => `sqlite:${file}`,
    fileBytes: () => Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresBackend(available: boolean): Backend {
  const name = `mailbridge_test_${randomBytes(6).toString('hex')}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres',
    available,
    async open() {
      await admin((c) => c.query(`create database "${name}"`));
      return PG_ADMIN_URL.replace(/\/postgres$/, `/${name}`);
    },
    async drop() {
      await admin(async (c) => {
        await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        await c.query(`drop database if exists "${name}"`);
      });
    },
  };
}

/** Every engine, each a fresh database; PostgreSQL runs if `postgresReachable()` said so. */
export const backends = (hasPostgres: boolean): Backend[] => [sqliteBackend(), postgresBackend(hasPostgres)];
