import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Store } from '../core/ports.js';
import type { RelayCredential } from '../core/relay/relay-credential.js';
import type { Database } from './schema.js';
import { backends, postgresReachable } from './testing/store-backends.js';
import { useStore } from './testing/use-store.js';
import { id, seedAccount } from './testing/store-fixtures.js';

const hasPostgres = await postgresReachable();
const T0 = new Date('2030-01-01T00:00:00.000Z');
const sec = (s: number) => new Date(T0.getTime() + s * 1000);

const makeCredential = (accountId: string, over: Partial<RelayCredential> = {}): RelayCredential => ({
  id: id('rc'),
  accountId,
  username: id('relay'),
  passwordHash: 'a'.repeat(64),
  description: 'Printer, 2nd floor',
  allowedNetworks: ['192.0.2.0/24', '2001:db8::/32'],
  bounces: true,
  createdAt: T0,
  lastUsedAt: null,
  ...over,
});

/** Relay credential storage (issue 12) on both engines. */
describe.each(backends(hasPostgres))('relay credential storage on $name', (backend) => {
  let store: Store;
  let raw: Kysely<Database>;
  const opened = useStore(backend);
  beforeAll(() => void ({ store, raw } = opened));
  const test = it.skipIf(!backend.available);

  test('stores and finds a credential by username, as it was given', async () => {
    const account = await seedAccount(store);
    const c = makeCredential(account.id, { bounces: false, description: null });
    expect(await store.relayCredentials.create(c)).toBe('created');
    expect(await store.relayCredentials.findByUsername(c.username)).toEqual(c);
    expect(await store.relayCredentials.findByUsername('relay-nobody')).toBeNull();
    const row = await raw.selectFrom('relay_credentials').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ username: c.username, password_hash: c.passwordHash, allowed_networks: '["192.0.2.0/24","2001:db8::/32"]' });
    expect(Number(row.bounces)).toBe(0);
  });

  test('a username is unique: a second one is refused and nothing is stored', async () => {
    const account = await seedAccount(store);
    const first = makeCredential(account.id);
    await store.relayCredentials.create(first);
    const clash = makeCredential(account.id, { username: first.username });
    expect(await store.relayCredentials.create(clash)).toBe('username_taken');
    expect(await raw.selectFrom('relay_credentials').select('id').where('id', '=', clash.id).executeTakeFirst()).toBeUndefined();
  });

  test("pages an account's credentials oldest first, without another account's", async () => {
    const account = await seedAccount(store);
    const other = await seedAccount(store);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(makeCredential(account.id, { createdAt: sec(i % 3) }));
    for (const c of made) await store.relayCredentials.create(c);
    await store.relayCredentials.create(makeCredential(other.id));
    const expected = [...made].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)).map((c) => c.id);
    const first = await store.relayCredentials.listByAccount(account.id, { limit: 3 });
    expect(first.more).toBe(true);
    const last = first.items.at(-1)!;
    const second = await store.relayCredentials.listByAccount(account.id, { after: { createdAt: last.createdAt, id: last.id }, limit: 3 });
    expect(second.more).toBe(false);
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(expected);
  });

  test('deletes only through its own account; last use is recorded', async () => {
    const account = await seedAccount(store);
    const other = await seedAccount(store);
    const c = makeCredential(account.id);
    await store.relayCredentials.create(c);
    expect(await store.relayCredentials.delete(other.id, c.id)).toBe(false);
    await store.relayCredentials.setLastUsed(c.id, sec(90));
    expect((await store.relayCredentials.findByUsername(c.username))?.lastUsedAt).toEqual(sec(90));
    expect(await store.relayCredentials.delete(account.id, c.id)).toBe(true);
    expect(await store.relayCredentials.delete(account.id, c.id)).toBe(false);
    expect(await store.relayCredentials.findByUsername(c.username)).toBeNull();
  });

  test('finds the sender in one read: the credential, its account as stored, and whether the owner is disabled', async () => {
    const account = await seedAccount(store);
    const c = makeCredential(account.id, { bounces: false });
    await store.relayCredentials.create(c);
    expect(await store.relayCredentials.findSender(c.id)).toEqual({ credential: { id: c.id, username: c.username, bounces: false }, account: await store.accounts.get(account.id), ownerDisabled: false });
    await store.users.update(account.userId!, { disabledAt: sec(5) });
    expect((await store.relayCredentials.findSender(c.id))?.ownerDisabled).toBe(true);
    // An organisation's service mailbox has no owner: never disabled.
    const service = await seedAccount(store, { userId: null, sendingMethod: 'graph_app' });
    const s = makeCredential(service.id);
    await store.relayCredentials.create(s);
    expect(await store.relayCredentials.findSender(s.id)).toMatchObject({ account: { id: service.id, userId: null }, ownerDisabled: false });
    await store.relayCredentials.delete(account.id, c.id);
    expect(await store.relayCredentials.findSender(c.id)).toBeNull();
  });

  test("deleting the account deletes its credentials (cascade)", async () => {
    const account = await seedAccount(store);
    const c = makeCredential(account.id);
    await store.relayCredentials.create(c);
    await store.accounts.delete(account.id);
    expect(await store.relayCredentials.findByUsername(c.username)).toBeNull();
  });
});
