import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';

describe('createStore', () => {
  const vault = new Vault([randomBytes(32)]);

  it('opens and migrates an in-memory SQLite database', async () => {
    const store = await createStore({ databaseUrl: 'sqlite::memory:', vault });
    try {
      expect(await store.users.count()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('rejects URLs it cannot open, without echoing a password', async () => {
    await expect(createStore({ databaseUrl: 'mysql://root:hunter2@db/x', vault })).rejects.toThrow(/Unsupported database URL/);
    await expect(createStore({ databaseUrl: 'mysql://root:hunter2@db/x', vault })).rejects.not.toThrow(/hunter2/);
    await expect(createStore({ databaseUrl: 'sqlite:', vault })).rejects.toThrow(/needs a path/);
  });
});
