import { randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../core/ports.js';
import { Vault } from '../../platform/vault.js';
import { createStore } from '../create-store.js';
import { createDialect } from '../dialect.js';
import type { Database } from '../schema.js';
import type { Backend } from './store-backends.js';

export interface StoreUnderTest {
  store: Store;
  /** A second connection for looking at rows as they are stored. */
  raw: Kysely<Database>;
  url: string;
}

/**
 * Opens a fresh store on the backend before the suite's tests and drops it after them. The
 * fields are filled in beforeAll: read them inside tests, not at collection time.
 */
export function useStore(backend: Backend): StoreUnderTest {
  const it = {} as StoreUnderTest;
  beforeAll(async () => {
    if (!backend.available) return;
    it.url = await backend.open();
    it.store = await createStore({ databaseUrl: it.url, vault: new Vault([randomBytes(32)]) });
    it.raw = new Kysely<Database>({ dialect: createDialect(it.url) });
  });
  afterAll(async () => {
    if (!backend.available) return;
    await it.raw?.destroy();
    await it.store?.close();
    await backend.drop();
  });
  return it;
}
