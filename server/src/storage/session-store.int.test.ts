import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailAccount, OneTimeToken, Session } from '../core/domain.js';
import type { Store } from '../core/ports.js';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import { backends, PG_ADMIN_URL, postgresReachable } from './testing/store-backends.js';
import { at, id, makeUser, seedAccount as seedStoreAccount } from './testing/store-fixtures.js';

const hasPostgres = await postgresReachable();
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

/**
 * The storage contract for signing in (migration 0002): passwords and disabling on users, API key
 * prefixes and last use, sessions, single-use tokens, and accounts' default sending values.
 */
describe.each(backends(hasPostgres))('Session store on $name', (backend) => {
  let store: Store;

  beforeAll(async () => {
    if (!backend.available) return;
    store = await createStore({ databaseUrl: await backend.open(), vault: new Vault([randomBytes(32)]) });
  });
  afterAll(async () => {
    if (!backend.available) return;
    await store?.close();
    await backend.drop();
  });

  const test = it.skipIf(!backend.available);

  const seedAccount = (over: Partial<MailAccount> = {}) => seedStoreAccount(store, over);

  test('users: update changes only the fields given (password hash, disabled, role, name)', async () => {
    const user = makeUser();
    await store.users.create(user);
    await store.users.update(user.id, { passwordHash: 'scrypt$32768$8$1$salt$hash', disabledAt: at('2024-01-09T00:00:00.000Z') });
    expect(await store.users.get(user.id)).toEqual({ ...user, passwordHash: 'scrypt$32768$8$1$salt$hash', disabledAt: at('2024-01-09T00:00:00.000Z') });
    await store.users.update(user.id, { role: 'admin', name: null, disabledAt: null });
    expect(await store.users.get(user.id)).toEqual({ ...user, role: 'admin', name: null, passwordHash: 'scrypt$32768$8$1$salt$hash' });
    await store.users.update(user.id, {});
  });

  test('api keys: prefix kept, listActiveByUser (oldest first, not revoked), setLastUsed', async () => {
    const user = makeUser();
    await store.users.create(user);
    const mk = (createdAt: string) => ({ id: id('key'), userId: user.id, hash: id('hash'), prefix: 'mbk_' + id('p').slice(-4), createdAt: at(createdAt), revokedAt: null, lastUsedAt: null });
    const [a, b, c] = [mk('2024-01-03T00:00:00.000Z'), mk('2024-01-01T00:00:00.000Z'), mk('2024-01-02T00:00:00.000Z')];
    for (const k of [a, b, c]) await store.apiKeys.create(k);
    await store.apiKeys.revoke(c.id, at('2024-01-04T00:00:00.000Z'));
    expect(await store.apiKeys.listActiveByUser(user.id)).toEqual([b, a]);
    expect(await store.apiKeys.listActiveByUser('nobody')).toEqual([]);
    await store.apiKeys.setLastUsed(a.id, at('2024-01-05T00:00:00.000Z'));
    expect(await store.apiKeys.findActiveByHash(a.hash)).toEqual({ ...a, lastUsedAt: at('2024-01-05T00:00:00.000Z') });
  });

  test('sessions: create, get, touch, delete, deleteForUser keeping one, deleteExpired by idle or absolute end', async () => {
    const user = makeUser();
    await store.users.create(user);
    const mk = (over: Partial<Session> = {}): Session => ({ idHash: id('sess'), userId: user.id, scope: 'full', createdAt: at('2024-06-01T00:00:00.000Z'), lastSeenAt: at('2024-06-01T00:00:00.000Z'), expiresAt: at('2024-06-08T00:00:00.000Z'), ...over });
    const s1 = mk();
    const s2 = mk({ scope: 'settings' });
    const s3 = mk();
    for (const x of [s1, s2, s3]) await store.sessions.create(x);
    expect(await store.sessions.get(s2.idHash)).toEqual(s2);
    expect(await store.sessions.get('missing')).toBeNull();
    await store.sessions.touch(s1.idHash, at('2024-06-01T05:00:00.000Z'));
    expect((await store.sessions.get(s1.idHash))?.lastSeenAt).toEqual(at('2024-06-01T05:00:00.000Z'));
    await store.sessions.delete(s3.idHash);
    expect(await store.sessions.get(s3.idHash)).toBeNull();
    await store.sessions.deleteForUser(user.id, s1.idHash);
    expect(await store.sessions.get(s2.idHash)).toBeNull();
    expect(await store.sessions.get(s1.idHash)).not.toBeNull();

    const idle = mk({ lastSeenAt: at('2024-06-01T00:00:00.000Z') });
    const old = mk({ lastSeenAt: at('2024-06-07T23:00:00.000Z'), expiresAt: at('2024-06-08T00:00:00.000Z') });
    const fresh = mk({ lastSeenAt: at('2024-06-07T23:00:00.000Z'), expiresAt: at('2024-06-09T00:00:00.000Z') });
    for (const x of [idle, old, fresh]) await store.sessions.create(x);
    expect(await store.sessions.deleteExpired(at('2024-06-08T00:00:00.000Z'), at('2024-06-07T12:00:00.000Z'))).toBeGreaterThanOrEqual(3);
    expect(await store.sessions.get(idle.idHash)).toBeNull();
    expect(await store.sessions.get(old.idHash)).toBeNull();
    expect(await store.sessions.get(fresh.idHash)).toEqual(fresh);
    await store.sessions.deleteForUser(user.id);
    expect(await store.sessions.get(fresh.idHash)).toBeNull();
  });

  test('one-time tokens: consume once (kind, unused, unexpired), also when racing; find; deleteUnused; deleteExpired', async () => {
    const user = makeUser();
    await store.users.create(user);
    const mk = (over: Partial<OneTimeToken> = {}): OneTimeToken => ({ tokenHash: id('ott'), kind: 'invitation', userId: user.id, createdAt: at('2024-07-01T00:00:00.000Z'), expiresAt: at('2024-07-02T00:00:00.000Z'), usedAt: null, ...over });
    const t = mk();
    await store.oneTimeTokens.create(t);
    expect(await store.oneTimeTokens.find(t.tokenHash)).toEqual(t);
    expect(await store.oneTimeTokens.consume(t.tokenHash, 'settings_link', at('2024-07-01T01:00:00.000Z'))).toBeNull(); // wrong kind
    expect(await store.oneTimeTokens.consume(t.tokenHash, 'invitation', at('2024-07-02T00:00:00.000Z'))).toBeNull(); // expiry is exclusive
    expect(await store.oneTimeTokens.consume(t.tokenHash, 'invitation', at('2024-07-01T01:00:00.000Z'))).toEqual({ ...t, usedAt: at('2024-07-01T01:00:00.000Z') });
    expect(await store.oneTimeTokens.consume(t.tokenHash, 'invitation', at('2024-07-01T02:00:00.000Z'))).toBeNull();
    expect(await store.oneTimeTokens.consume('missing', 'invitation', at('2024-07-01T02:00:00.000Z'))).toBeNull();

    const raced = mk({ kind: 'settings_link' });
    await store.oneTimeTokens.create(raced);
    const wins = await Promise.all(Array.from({ length: 8 }, () => store.oneTimeTokens.consume(raced.tokenHash, 'settings_link', at('2024-07-01T00:01:00.000Z'))));
    expect(wins.filter(Boolean)).toHaveLength(1);

    const setup = mk({ kind: 'setup', userId: null });
    const otherInvite = mk();
    await store.oneTimeTokens.create(setup);
    await store.oneTimeTokens.create(otherInvite);
    await store.oneTimeTokens.deleteUnused('setup', null);
    expect(await store.oneTimeTokens.find(setup.tokenHash)).toBeNull();
    expect(await store.oneTimeTokens.find(otherInvite.tokenHash)).not.toBeNull();
    await store.oneTimeTokens.deleteUnused('invitation', user.id);
    expect(await store.oneTimeTokens.find(otherInvite.tokenHash)).toBeNull();
    expect(await store.oneTimeTokens.find(t.tokenHash)).not.toBeNull(); // used ones stay (history)
    expect(await store.oneTimeTokens.deleteExpired(at('2024-07-03T00:00:00.000Z'))).toBeGreaterThanOrEqual(2);
    expect(await store.oneTimeTokens.find(t.tokenHash)).toBeNull();
  });

  test('accounts: default sending values round-trip and change with update', async () => {
    const defaults = { senderName: 'Ventas ACME', replyTo: 'sales@contoso.test', signatureHtml: '<p>Regards</p>', copyToSelf: true };
    const account = await seedAccount({ defaults });
    expect((await store.accounts.get(account.id))?.defaults).toEqual(defaults);
    const cleared = { senderName: null, replyTo: null, signatureHtml: null, copyToSelf: false };
    await store.accounts.update(account.id, { defaults: cleared });
    expect((await store.accounts.get(account.id))?.defaults).toEqual(cleared);
  });
});
