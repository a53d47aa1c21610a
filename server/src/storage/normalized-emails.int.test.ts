import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../core/errors.js';
import type { Store } from '../core/ports.js';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import { backends, postgresReachable } from './testing/store-backends.js';
import { atMigration, useDatabase } from './testing/use-database.js';
import { makeUser } from './testing/store-fixtures.js';

const hasPostgres = await postgresReachable();
const NFC = 'ren\u00e9@contoso.example';
const NFD = 'rene\u0301@contoso.example';

/** Users are one per address whatever its case or Unicode form (issue 6), on both databases. */
describe.each(backends(hasPostgres))('normalized emails on $name', (backend) => {
  const db = useDatabase(backend);
  const test = it.skipIf(!backend.available);

  test('migration 0006 keys existing users; a pair that only now collides keeps both rows, the older owning the address', async () => {
    await atMigration(db.url, '0003-link-session', async (old) => {
      const row = (id: string, email: string, createdAt: string) => ({ id, email, name: null, role: 'user', created_at: createdAt });
      // lower(email) let these in: NFC and NFD differ byte for byte.
      await old.insertInto('users').values([row('u-old', NFC, '2024-01-01T00:00:00.000Z'), row('u-new', NFD.toUpperCase(), '2024-02-01T00:00:00.000Z'), row('u-other', 'Ada@Contoso.example', '2024-03-01T00:00:00.000Z')]).execute();
    });
    const store: Store = await createStore({ databaseUrl: db.url, vault: new Vault([randomBytes(32)]) });
    try {
      expect((await store.users.findByEmail(NFD))?.id).toBe('u-old');
      expect((await store.users.findByEmail('ADA@contoso.EXAMPLE'))?.id).toBe('u-other');
      expect(await store.users.get('u-new')).toMatchObject({ email: NFD.toUpperCase() });
      await expect(store.users.create(makeUser({ email: 'ada@contoso.example' }))).rejects.toBeInstanceOf(ConflictError);
    } finally {
      await store.close();
    }
  });

  test('the database itself refuses a second user differing only in case (beyond ASCII) or Unicode form', async () => {
    const store = await createStore({ databaseUrl: db.url, vault: new Vault([randomBytes(32)]) });
    try {
      const emile = makeUser({ email: '\u00e9mile@contoso.example' });
      await store.users.create(emile);
      // The core checks with findByEmail first; these are the race that check cannot close.
      for (const twin of ['\u00c9MILE@contoso.example', 'e\u0301mile@contoso.example', 'E\u0301MILE@CONTOSO.EXAMPLE']) {
        await expect(store.users.create(makeUser({ email: twin })), twin).rejects.toBeInstanceOf(ConflictError);
        expect((await store.users.findByEmail(twin))?.id).toBe(emile.id);
      }
    } finally {
      await store.close();
    }
  });
});
