import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MailAccount } from '../core/domain.js';
import { ConflictError } from '../core/errors.js';
import type { Store } from '../core/ports.js';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import type { Database } from './schema.js';
import { useStore } from './testing/use-store.js';
import { backends, PG_ADMIN_URL, postgresReachable } from './testing/store-backends.js';
import { at, id, makeAccount, makeApp, makeFlow, makeTokens, makeUser, problem, reveal , seedAccount as seedStoreAccount } from './testing/store-fixtures.js';

const hasPostgres = await postgresReachable();
// On CI a missing database is a broken machine, not a reason to pass quietly.
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

describe.each(backends(hasPostgres))('Store on $name', (backend) => {
  let store: Store;
  let raw: Kysely<Database>;
  let url: string;

  const opened = useStore(backend);
  beforeAll(() => void ({ store, raw, url } = opened));

  const test = it.skipIf(!backend.available);

  const seedAccount = (over: Partial<MailAccount> = {}) => seedStoreAccount(store, over);

  test('migrations are idempotent: a second store on the same database opens and sees the data', async () => {
    const user = makeUser();
    await store.users.create(user);
    const again = await createStore({ databaseUrl: url, vault: new Vault([randomBytes(32)]) });
    try {
      expect(await again.users.get(user.id)).toEqual(user);
    } finally {
      await again.close();
    }
  });

  test('users: create, get, findByEmail ignoring case, list, count, unique email', async () => {
    const before = await store.users.count();
    const user = makeUser({ role: 'admin', name: null });
    await store.users.create(user);
    expect(await store.users.get(user.id)).toEqual(user);
    expect(await store.users.get('missing')).toBeNull();
    expect(await store.users.findByEmail(user.email.toUpperCase())).toEqual(user);
    expect(await store.users.findByEmail('nobody@example.test')).toBeNull();
    expect(await store.users.count()).toBe(before + 1);
    expect((await store.users.list()).map((u) => u.id)).toContain(user.id);
    await expect(store.users.create(makeUser({ email: user.email.toLowerCase() }))).rejects.toBeInstanceOf(ConflictError);
  });

  test('api keys: findActiveByHash until revoked; revoke keeps the first time', async () => {
    const user = makeUser();
    await store.users.create(user);
    const key = { id: id('key'), userId: user.id, hash: id('hash'), prefix: 'mbk_abcd', createdAt: at('2024-01-05T00:00:00.000Z'), revokedAt: null, lastUsedAt: null };
    await store.apiKeys.create(key);
    expect(await store.apiKeys.findActiveByHash(key.hash)).toEqual(key);
    expect(await store.apiKeys.findActiveByHash('other')).toBeNull();
    await store.apiKeys.revoke(key.id, at('2024-01-06T00:00:00.000Z'));
    await store.apiKeys.revoke(key.id, at('2024-01-07T00:00:00.000Z'));
    expect(await store.apiKeys.findActiveByHash(key.hash)).toBeNull();
    const row = await raw.selectFrom('api_keys').select('revoked_at').where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBe('2024-01-06T00:00:00.000Z');
  });

  test('apps: save inserts then replaces, get, setLastError, delete; at most one organization app', async () => {
    const org = makeApp({ scope: 'organization' });
    await store.apps.save(org);
    expect(reveal(await store.apps.get(org.id))).toEqual(reveal(org));
    expect(reveal(await store.apps.getOrganizationApp())).toEqual(reveal(org));

    const replaced = { ...org, tenant: 'common', clientSecret: null, clientSecretExpiresAt: null, updatedAt: at('2024-06-01T00:00:00.000Z') };
    await store.apps.save(replaced);
    expect(reveal(await store.apps.get(org.id))).toEqual(reveal(replaced));

    await expect(store.apps.save(makeApp({ scope: 'organization' }))).rejects.toBeInstanceOf(ConflictError);
    const own = makeApp();
    await store.apps.save(own);
    await store.apps.save(makeApp());
    expect((await store.apps.getOrganizationApp())?.id).toBe(org.id);

    await store.apps.setLastError(own.id, problem);
    expect((await store.apps.get(own.id))?.lastError).toEqual(problem);
    await store.apps.setLastError(own.id, null);
    expect((await store.apps.get(own.id))?.lastError).toBeNull();
    await store.apps.delete(own.id);
    expect(await store.apps.get(own.id)).toBeNull();
  });

  test('accounts: create, get, list (all, by user, ordered by creation), listByApp, partial update, delete', async () => {
    const app = makeApp();
    await store.apps.save(app);
    const first = await seedAccount({ appId: app.id, createdAt: at('2024-02-01T00:00:00.000Z') });
    const second = makeAccount(first.userId, { createdAt: at('2024-01-15T00:00:00.000Z') });
    await store.accounts.create(second);
    expect(await store.accounts.get(first.id)).toEqual(first);
    expect(await store.accounts.get('missing')).toBeNull();
    expect((await store.accounts.list({ userId: first.userId })).map((a) => a.id)).toEqual([second.id, first.id]);
    expect((await store.accounts.list()).map((a) => a.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(await store.accounts.listByApp(app.id)).toEqual([first]);
    expect((await store.accounts.listByApp(null)).map((a) => a.id)).toContain(second.id);
    expect((await store.accounts.listByApp(null)).map((a) => a.id)).not.toContain(first.id);

    const patch = { status: 'linked', linkedAddress: 'shared@contoso.test', linkedAt: at('2024-02-02T00:00:00.000Z'), msTenantId: 'tid', msObjectId: 'oid', linkedAppKey: 'k', lastError: problem } as const;
    await store.accounts.update(first.id, patch);
    expect(await store.accounts.get(first.id)).toEqual({ ...first, ...patch });
    await store.accounts.update(first.id, { appId: null, lastError: null, updatedAt: at('2024-02-03T00:00:00.000Z') });
    expect(await store.accounts.get(first.id)).toEqual({ ...first, ...patch, appId: null, lastError: null, updatedAt: at('2024-02-03T00:00:00.000Z') });
    await store.accounts.update(first.id, {});

    await store.accounts.delete(second.id);
    expect(await store.accounts.get(second.id)).toBeNull();
  });

  test('listPage: keyset pages in (createdAt, id) order, ties broken by id, `more` from one extra row', async () => {
    const owner = makeUser();
    const other = makeUser();
    await store.users.create(owner);
    await store.users.create(other);
    const tie = at('2024-07-01T00:00:00.000Z');
    const created = [
      ...Array.from({ length: 5 }, () => makeAccount(owner.id, { createdAt: tie })),
      makeAccount(owner.id, { createdAt: at('2024-07-02T00:00:00.000Z') }),
      makeAccount(owner.id, { createdAt: at('2024-06-30T23:59:59.999Z') }),
      makeAccount(owner.id, { createdAt: at('2024-07-01T00:00:00.001Z') }),
    ];
    for (const a of [...created].reverse()) await store.accounts.create(a);
    await store.accounts.create(makeAccount(other.id, { createdAt: tie }));
    const key = (a: MailAccount) => `${a.createdAt.toISOString()} ${a.id}`;
    const expected = [...created].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((a) => a.id);

    const walked: string[][] = [];
    const flags: boolean[] = [];
    let after: MailAccount | undefined;
    do {
      const page = await store.accounts.listPage({ userId: owner.id }, { after, limit: 3 });
      walked.push(page.items.map((a) => a.id));
      flags.push(page.more);
      after = page.more ? page.items.at(-1) : undefined;
    } while (after);
    expect(walked.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(flags).toEqual([true, true, false]);
    expect(walked.flat()).toEqual(expected);

    expect(await store.accounts.listPage({ userId: owner.id }, { limit: 8 })).toMatchObject({ more: false });
    expect((await store.accounts.listPage({ userId: owner.id }, { limit: 7 })).more).toBe(true);
    const last = created.find((a) => a.id === expected.at(-1))!;
    expect(await store.accounts.listPage({ userId: owner.id }, { after: last, limit: 3 })).toEqual({ items: [], more: false });
    // Without a filter every user's accounts come, in the same order.
    const everyone = await store.accounts.listPage({}, { after: { createdAt: at('2024-06-30T00:00:00.000Z'), id: '' }, limit: 100 });
    expect(everyone.items.filter((a) => a.userId === owner.id).map((a) => a.id)).toEqual(expected);
    expect(everyone.items.some((a) => a.userId === other.id)).toBe(true);
    expect(everyone.items[0]).toEqual(created.find((a) => a.id === expected[0]));

    // Users page the same way.
    const later = at('2030-01-01T00:00:00.000Z');
    const users = Array.from({ length: 4 }, () => makeUser({ createdAt: later }));
    for (const u of users) await store.users.create(u);
    const start = { createdAt: later, id: '' };
    const first = await store.users.listPage({ after: start, limit: 2 });
    const second = await store.users.listPage({ after: first.items[1]!, limit: 2 });
    expect(first.more).toBe(true);
    expect(second.more).toBe(false);
    expect([...first.items, ...second.items]).toEqual([...users].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  test('tokens: save, get, replace, delete', async () => {
    const account = await seedAccount();
    expect(await store.tokens.get(account.id)).toBeNull();
    const tokens = makeTokens();
    await store.tokens.save(account.id, tokens);
    expect(reveal(await store.tokens.get(account.id))).toEqual(reveal(tokens));
    const refreshed = makeTokens({ updatedAt: at('2024-03-02T00:00:00.000Z') });
    await store.tokens.save(account.id, refreshed);
    expect(reveal(await store.tokens.get(account.id))).toEqual(reveal(refreshed));
    await store.tokens.delete(account.id);
    expect(await store.tokens.get(account.id)).toBeNull();
  });

  test('link flows: create, find by state and ticket hash, deleteExpired', async () => {
    const account = await seedAccount();
    const flow = makeFlow(account.id);
    await store.linkFlows.create(flow);
    expect(reveal(await store.linkFlows.findByState(flow.state))).toEqual(reveal(flow));
    expect(reveal(await store.linkFlows.findByTicketHash(flow.ticketHash))).toEqual(reveal(flow));
    expect(await store.linkFlows.findByState('missing')).toBeNull();
    expect(await store.linkFlows.findByTicketHash('missing')).toBeNull();
    const later = makeFlow(account.id, { expiresAt: at('2030-01-01T00:00:00.000Z') });
    await store.linkFlows.create(later);
    expect(await store.linkFlows.deleteExpired(at('2024-04-01T00:10:00.000Z'))).toBe(0); // expiry is exclusive
    expect(await store.linkFlows.deleteExpired(at('2024-04-01T00:10:00.001Z'))).toBeGreaterThanOrEqual(1);
    expect(await store.linkFlows.findByState(flow.state)).toBeNull();
    expect(await store.linkFlows.findByState(later.state)).not.toBeNull();
  });

  test('link flows: bindBrowser and markUsed succeed once, in sequence and when racing', async () => {
    const account = await seedAccount();
    const flow = makeFlow(account.id, { expiresAt: at('2030-01-01T00:00:00.000Z') });
    await store.linkFlows.create(flow);
    expect(await store.linkFlows.bindBrowser(flow.state, 'browser-a')).toBe(true);
    expect(await store.linkFlows.bindBrowser(flow.state, 'browser-b')).toBe(false);
    expect((await store.linkFlows.findByState(flow.state))?.browserKeyHash).toBe('browser-a');
    expect(await store.linkFlows.markUsed(flow.state, at('2024-04-01T00:01:00.000Z'))).toBe(true);
    expect(await store.linkFlows.markUsed(flow.state, at('2024-04-01T00:02:00.000Z'))).toBe(false);
    expect((await store.linkFlows.findByState(flow.state))?.usedAt).toEqual(at('2024-04-01T00:01:00.000Z'));
    expect(await store.linkFlows.bindBrowser('missing', 'x')).toBe(false);
    expect(await store.linkFlows.markUsed('missing', new Date())).toBe(false);

    const raced = makeFlow(account.id, { expiresAt: at('2030-01-01T00:00:00.000Z') });
    await store.linkFlows.create(raced);
    const binds = await Promise.all(Array.from({ length: 8 }, (_, i) => store.linkFlows.bindBrowser(raced.state, `browser-${i}`)));
    expect(binds.filter(Boolean)).toHaveLength(1);
    expect((await store.linkFlows.findByState(raced.state))?.browserKeyHash).toBe(`browser-${binds.indexOf(true)}`);
    const uses = await Promise.all(Array.from({ length: 8 }, () => store.linkFlows.markUsed(raced.state, new Date())));
    expect(uses.filter(Boolean)).toHaveLength(1);
  });

  test('cascades: app delete unsets appId; account delete removes tokens and flows; user delete removes api keys', async () => {
    const app = makeApp();
    await store.apps.save(app);
    const account = await seedAccount({ appId: app.id });
    const flow = makeFlow(account.id);
    await store.tokens.save(account.id, makeTokens());
    await store.linkFlows.create(flow);

    await store.apps.delete(app.id);
    expect((await store.accounts.get(account.id))?.appId).toBeNull();

    // Accounts are not silently deleted with their user: the caller deletes them first.
    await expect(sql`delete from users where id = ${account.userId}`.execute(raw)).rejects.toThrow();
    await store.accounts.delete(account.id);
    expect(await store.tokens.get(account.id)).toBeNull();
    expect(await store.linkFlows.findByState(flow.state)).toBeNull();

    const key = { id: id('key'), userId: account.userId, hash: id('hash'), prefix: 'mbk_x', createdAt: new Date(), revokedAt: null, lastUsedAt: null };
    await store.apiKeys.create(key);
    const session = { idHash: id('sess'), userId: account.userId, scope: 'full', createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date() } as const;
    await store.sessions.create(session);
    await sql`delete from users where id = ${account.userId}`.execute(raw);
    expect(await store.apiKeys.findActiveByHash(key.hash)).toBeNull();
    expect(await store.sessions.get(session.idHash)).toBeNull();
  });

  test('secrets are encrypted at rest: raw rows and database files never hold the plaintext', async () => {
    const app = makeApp();
    await store.apps.save(app);
    const account = await seedAccount({ appId: app.id });
    const tokens = makeTokens();
    const flow = makeFlow(account.id);
    await store.tokens.save(account.id, tokens);
    await store.linkFlows.create(flow);
    const plaintexts = [app.clientSecret!.reveal(), tokens.accessToken.reveal(), tokens.refreshToken.reveal(), flow.codeVerifier.reveal()];

    const rows = [
      await raw.selectFrom('microsoft_apps').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow(),
      await raw.selectFrom('account_tokens').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow(),
      await raw.selectFrom('link_flows').selectAll().where('state', '=', flow.state).executeTakeFirstOrThrow(),
    ];
    const dump = JSON.stringify(rows);
    for (const p of plaintexts) expect(dump).not.toContain(p);
    expect(rows[0]).toMatchObject({ client_secret: expect.stringMatching(/^v1:[0-9a-f]{8}:/) });
    expect(rows[1]).toMatchObject({ access_token: expect.stringMatching(/^v1:/), refresh_token: expect.stringMatching(/^v1:/) });
    expect(rows[2]).toMatchObject({ code_verifier: expect.stringMatching(/^v1:/) });

    // A token envelope copied into another account's row must not decrypt there (AAD).
    const other = await seedAccount();
    await sql`insert into account_tokens select ${other.id}, resource, access_token, access_token_expires_at, refresh_token, scope, updated_at from account_tokens where account_id = ${account.id}`.execute(raw);
    await expect(store.tokens.get(other.id)).rejects.toThrow(/authentication/);
    // …nor a Graph token's envelope in the same account's Exchange Online row.
    await sql`insert into account_tokens select account_id, 'outlook', access_token, access_token_expires_at, refresh_token, scope, updated_at from account_tokens where account_id = ${account.id}`.execute(raw);
    await expect(store.tokens.get(account.id, 'outlook')).rejects.toThrow(/authentication/);

    if (backend.fileBytes) {
      const bytes = backend.fileBytes();
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.includes(Buffer.from(account.id))).toBe(true); // the check can see rows at all
      for (const p of plaintexts) expect(bytes.includes(Buffer.from(p))).toBe(false);
    }
  });
});
