import { Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { createDialect } from '../dialect.js';
import { migrationProvider } from '../migrations/index.js';
import type { Backend } from './store-backends.js';

/**
 * A fresh, empty database on the backend for the suite, dropped after it; migrations are the
 * tests' to run (see `atMigration`). `url` is filled in beforeAll: read it inside tests.
 */
export function useDatabase(backend: Backend): { url: string } {
  const it = { url: '' };
  beforeAll(async () => {
    if (backend.available) it.url = await backend.open();
  });
  afterAll(async () => {
    if (backend.available) await backend.drop();
  });
  return it;
}

/**
 * Brings the database to migration `name` and lets `fill` write rows as a release of that time
 * would have; the store opened afterwards runs the later migrations over them.
 */
export async function atMigration(url: string, name: string, fill: (db: Kysely<any>) => Promise<void>): Promise<void> {
  const db = new Kysely<any>({ dialect: createDialect(url) });
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(name);
    if (error) throw error;
    await fill(db);
  } finally {
    await db.destroy();
  }
}
