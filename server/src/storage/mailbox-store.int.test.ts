import { randomBytes } from 'node:crypto';
import { Kysely, Migrator, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { mailboxOff } from '../core/mailbox/mailbox-sync-state.js';
import type { Store } from '../core/ports.js';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import { createDialect } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import { backends, PG_ADMIN_URL, postgresReachable } from './testing/store-backends.js';
import { useDatabase } from './testing/use-database.js';
import { useStore } from './testing/use-store.js';
import { problem, secret } from './testing/store-fixtures.js';
import { folderListing, makeIncoming, sec, seedMailbox, T0 } from './testing/mailbox-fixtures.js';

const hasPostgres = await postgresReachable();
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

/** Mailbox state, folders, the body cache and the received-mail dedupe (migration 0013) on both engines. */
describe.each(backends(hasPostgres))('Mailbox storage on $name', (backend) => {
  let store: Store;
  const opened = useStore(backend);
  beforeAll(() => void ({ store } = opened));
  const test = it.skipIf(!backend.available);
  const count = async (table: 'mail_folders' | 'mail_messages' | 'mail_bodies' | 'mail_received' | 'mailbox_state', accountId: string) => {
    const q = opened.raw.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
    const row = table === 'mail_bodies'
      ? await opened.raw.selectFrom('mail_bodies').innerJoin('mail_messages', 'mail_messages.id', 'mail_bodies.message_id').select((eb) => eb.fn.countAll<string>().as('n')).where('mail_messages.account_id', '=', accountId).executeTakeFirstOrThrow()
      : await q.where('account_id', '=', accountId).executeTakeFirstOrThrow();
    return Number(row.n);
  };

  test('state: absent until changed, then patched field by field', async () => {
    const { account } = await seedMailbox(store);
    expect(await store.mailboxState.get(account.id)).toBeNull();
    await store.mailboxState.update(account.id, { reading: true, status: 'initial_sync', total: 500 }, sec(1));
    expect(await store.mailboxState.get(account.id)).toEqual({ ...mailboxOff(account.id, sec(1)), reading: true, status: 'initial_sync', total: 500 });
    await store.mailboxState.update(account.id, { done: 500, status: 'synced', lastSyncAt: sec(2), cursor: 'https://graph.test/delta?token=1' }, sec(2));
    await store.mailboxState.update(account.id, { status: 'error', lastError: problem }, sec(3));
    expect(await store.mailboxState.get(account.id)).toEqual({ accountId: account.id, reading: true, status: 'error', done: 500, total: 500, lastSyncAt: sec(2), lastError: problem, cursor: 'https://graph.test/delta?token=1', updatedAt: sec(3) });
    expect((await store.mailboxState.listReading()).map((s) => s.accountId)).toContain(account.id);
    await store.mailboxState.update(account.id, { reading: false, status: 'off', lastError: null }, sec(4));
    expect((await store.mailboxState.listReading()).map((s) => s.accountId)).not.toContain(account.id);
  });

  test('folders: upserted by remote id, sync cursors kept (64-bit modseq, 32-bit unsigned UIDs), missing ones deleted', async () => {
    const { account, inbox } = await seedMailbox(store);
    const [a, b] = await store.mailboxFolders.upsert(account.id, [folderListing('Work'), folderListing('Work/2024', { parentRemoteId: 'Work', name: '2024' })], T0);
    const renamed = await store.mailboxFolders.upsert(account.id, [folderListing('Work', { name: 'Trabajo', path: 'Trabajo' })], sec(1));
    expect(renamed).toEqual([{ ...a, name: 'Trabajo', path: 'Trabajo', updatedAt: sec(1) }]);
    const cursor = { uidValidity: 4_294_967_295, uidNext: 4_000_000_000, highestModseq: 9_223_372_036_854_775_807n, deltaLink: null };
    await store.mailboxFolders.setSyncCursor(b!.id, cursor, sec(2));
    expect(await store.mailboxFolders.get(account.id, b!.id)).toMatchObject({ parentRemoteId: 'Work', sync: cursor });
    expect((await store.mailboxFolders.list(account.id)).map((f) => f.path)).toEqual(['INBOX', 'Trabajo', 'Work/2024']);
    expect(await store.mailboxFolders.get('another-account', b!.id)).toBeNull();

    await store.mailboxMessages.upsert(account.id, b!.id, [makeIncoming()], T0);
    expect(await store.mailboxFolders.deleteMissing(account.id, ['INBOX', 'Work'])).toBe(1);
    expect((await store.mailboxFolders.list(account.id)).map((f) => f.id).sort()).toEqual([inbox.id, a!.id].sort());
    expect(await count('mail_messages', account.id)).toBe(0);
  });

  test('bodies: round-trip, encrypted at rest and bound to their message', async () => {
    const { account, inbox } = await seedMailbox(store);
    const [m1, m2] = await store.mailboxMessages.upsert(account.id, inbox.id, [makeIncoming(), makeIncoming()], T0);
    const plaintext = secret('mime-body');
    const mime = Buffer.from(`Subject: hi\r\n\r\n${plaintext}\r\n`);
    await store.mailboxBodies.put(m1!.id, mime, T0);
    expect((await store.mailboxBodies.get(m1!.id, sec(1)))!.equals(mime)).toBe(true);
    expect(await store.mailboxBodies.get(m2!.id, sec(1))).toBeNull();

    const row = await opened.raw.selectFrom('mail_bodies').selectAll().where('message_id', '=', m1!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ size: mime.length, last_access: sec(1).toISOString() });
    expect(Buffer.isBuffer(row.data) && row.data.includes(Buffer.from(plaintext))).toBe(false);
    if (backend.fileBytes) expect(backend.fileBytes().includes(Buffer.from(plaintext))).toBe(false);
    // Copied to another message's row, the envelope does not decrypt (AAD).
    await sql`insert into mail_bodies (message_id, data, size, last_access) select ${m2!.id}, data, size, last_access from mail_bodies where message_id = ${m1!.id}`.execute(opened.raw);
    await expect(store.mailboxBodies.get(m2!.id, sec(2))).rejects.toThrow(/authentication/);
  });

  test('bodies: evicted least recently read first, down to the budget', async () => {
    const { account, inbox } = await seedMailbox(store);
    await opened.raw.deleteFrom('mail_bodies').execute();
    const ids = (await store.mailboxMessages.upsert(account.id, inbox.id, [1, 2, 3, 4].map(() => makeIncoming()), T0)).map((r) => r.id);
    for (const [i, id] of ids.entries()) await store.mailboxBodies.put(id, randomBytes(1000), sec(i));
    await store.mailboxBodies.get(ids[0]!, sec(10)); // read again: now the most recent
    expect(await store.mailboxBodies.totalBytes()).toBe(4000);
    expect(await store.mailboxBodies.evict(5000)).toBe(0);
    expect(await store.mailboxBodies.evict(2500)).toBe(2);
    expect(await store.mailboxBodies.get(ids[1]!, sec(11))).toBeNull();
    expect(await store.mailboxBodies.get(ids[2]!, sec(11))).toBeNull();
    expect(await store.mailboxBodies.get(ids[0]!, sec(11))).not.toBeNull();
    expect(await store.mailboxBodies.totalBytes()).toBe(2000);
    expect(await store.mailboxBodies.evict(0)).toBe(2);
    expect(await store.mailboxBodies.totalBytes()).toBe(0);
  });

  test('received: a key is claimed once per account, and a rolled back claim frees it', async () => {
    const { account } = await seedMailbox(store);
    const other = await seedMailbox(store);
    const key = '<abc@contoso.test>';
    await expect(store.transaction(async (tx) => {
      expect(await tx.mailboxReceived.claim(account.id, key, T0)).toBe(true);
      throw new Error('event not recorded');
    })).rejects.toThrow('event not recorded');
    expect(await store.mailboxReceived.claim(account.id, key, T0)).toBe(true);
    expect(await store.mailboxReceived.claim(account.id, key, T0)).toBe(false);
    expect(await store.mailboxReceived.claim(other.account.id, key, T0)).toBe(true);
    expect(await store.mailboxReceived.claim(account.id, 'x'.repeat(10_000), T0)).toBe(true);
    // Forgotten for one account only (its reading turned off).
    await store.mailboxReceived.forget(account.id);
    expect(await store.mailboxReceived.claim(account.id, key, T0)).toBe(true);
    expect(await store.mailboxReceived.claim(other.account.id, key, T0)).toBe(false);
  });

  test('deleting the account deletes its mailbox: state, folders, messages, index, bodies, received', async () => {
    const { account, inbox } = await seedMailbox(store);
    await store.mailboxState.update(account.id, { reading: true }, T0);
    const [m] = await store.mailboxMessages.upsert(account.id, inbox.id, [makeIncoming({ subject: 'Zyxwvut cascade' })], T0);
    await store.mailboxBodies.put(m!.id, Buffer.from('mime'), T0);
    await store.mailboxReceived.claim(account.id, 'k', T0);
    expect((await store.mailboxMessages.listPage(account.id, { q: 'zyxwvut' }, { limit: 5 })).items).toHaveLength(1);
    await store.accounts.delete(account.id);
    for (const table of ['mailbox_state', 'mail_folders', 'mail_messages', 'mail_bodies', 'mail_received'] as const) expect(await count(table, account.id), table).toBe(0);
    if (backend.name === 'sqlite') {
      const hits = await sql<{ n: number }>`select count(*) as n from mail_messages_fts where mail_messages_fts match '"zyxwvut"'`.execute(opened.raw);
      expect(Number(hits.rows[0]!.n)).toBe(0);
    }
  });

  it.skipIf(backend.name !== 'postgres' || !backend.available)('received: two instances racing for one key, exactly one claims it', async () => {
    const { account } = await seedMailbox(store);
    const second = await createStore({ databaseUrl: opened.url, vault: new Vault([randomBytes(32)]) });
    try {
      const keys = Array.from({ length: 10 }, (_, i) => `<race-${i}@contoso.test>`);
      const claimSlowly = (s: Store, key: string) => s.transaction(async (tx) => {
        const won = await tx.mailboxReceived.claim(account.id, key, T0);
        await new Promise((r) => setTimeout(r, 5)); // the event's writes: the other waits on the row
        return won;
      });
      const results = await Promise.all(keys.flatMap((k) => [claimSlowly(store, k), claimSlowly(second, k), claimSlowly(store, k), claimSlowly(second, k)]));
      for (let i = 0; i < keys.length; i++) expect(results.slice(i * 4, i * 4 + 4).filter(Boolean)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

describe.each(backends(hasPostgres))('Migration 0013-mailbox on $name', (backend) => {
  const database = useDatabase(backend);
  it.skipIf(!backend.available)('goes down and up again', async () => {
    const db = new Kysely<any>({ dialect: createDialect(database.url) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      for (const step of [() => migrator.migrateToLatest(), () => migrator.migrateTo('0012-token-resources'), () => migrator.migrateToLatest()]) {
        const { error } = await step();
        expect(error).toBeUndefined();
      }
      expect((await db.introspection.getTables()).map((t) => t.name)).toEqual(expect.arrayContaining(['mail_messages', 'mail_bodies', 'mail_received']));
    } finally {
      await db.destroy();
    }
  });
});
