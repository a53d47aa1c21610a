import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateRelay } from '../../server/src/core/relay/authenticate-relay.js';
import { startStack, type Stack } from '../support/stack.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Issue 12, relay credentials: the API that makes them and the check the relay's AUTH uses. */
describe('relay credentials', () => {
  let s: Stack;
  let annKey: string;
  let benKey: string;
  let annUserId: string;
  let annAccount: string;
  const base = () => `/api/v1/accounts/${annAccount}/relay-credentials`;
  const dbFile = () => path.join(s.dataDir, 'mailbridge.db');
  const storedRows = () => {
    const db = new Database(dbFile(), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('select * from relay_credentials').all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    s = await startStack();
    await s.configureApp();
    const mk = async (email: string) => {
      const u = await s.api('POST', '/api/v1/users', { email, name: email.split('@')[0], role: 'user' });
      expect(u.status).toBe(201);
      return { id: u.body.id as string, key: (await s.api('POST', `/api/v1/users/${u.body.id}/api-keys`)).body.key as string };
    };
    const ann = await mk('ann@contoso.example');
    annKey = ann.key;
    annUserId = ann.id;
    benKey = (await mk('ben@contoso.example')).key;
    annAccount = (await s.createAccount('ann@contoso.example', {}, annKey)).id;
  });
  afterAll(() => s?.close());

  it('shows the password once; the list never shows it or its hash; only the hash is stored', async () => {
    const created = await s.api('POST', base(), { description: 'Printer, 2nd floor', allowedNetworks: ['192.0.2.77/24', '2001:0DB8::/32', '198.51.100.7'] }, { key: annKey });
    expect(created.status).toBe(201);
    const { id, username, password } = created.body;
    expect(username).toMatch(/^relay-[0-9a-z]{6}$/);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes: 192 bits
    expect(created.body).toMatchObject({ accountId: annAccount, description: 'Printer, 2nd floor', bounces: true, lastUsedAt: null, allowedNetworks: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.7/32'] });

    const listed = await s.api('GET', base(), undefined, { key: annKey });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([{ id, accountId: annAccount, username, description: 'Printer, 2nd floor', allowedNetworks: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.7/32'], bounces: true, createdAt: created.body.createdAt, lastUsedAt: null }]);
    expect(listed.body.nextCursor).toBeNull();
    // The stack runs no relay: the page learns it is off, and where it would be.
    expect(listed.body.relay).toEqual({ enabled: false, host: '127.0.0.1', port: null, tlsPort: null, maxSizeMb: 35 });
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(password);
    expect(text).not.toContain(sha256(password));

    const [row] = storedRows().filter((r) => r.id === id);
    expect(row!.password_hash).toBe(sha256(password));
    expect(JSON.stringify(row)).not.toContain(password);
    const files = ['', '-wal'].map((f) => { try { return readFileSync(dbFile() + f).toString('latin1'); } catch { return ''; } }).join('');
    expect(files).not.toContain(password);
    expect(s.logs.join('')).not.toContain(password);
  });

  it('authenticates the relay with the password, records the last use, and stops once revoked', async () => {
    const created = await s.api('POST', base(), { bounces: false }, { key: annKey });
    expect(created.status).toBe(201);
    const { id, username, password } = created.body;
    expect(created.body).toMatchObject({ bounces: false, description: null, allowedNetworks: [] });

    expect(await authenticateRelay(s.mb.deps, { username, password: password + 'x' })).toBeNull();
    expect(await authenticateRelay(s.mb.deps, { username: 'relay-zzzzzz', password })).toBeNull();
    const ok = await authenticateRelay(s.mb.deps, { username, password });
    expect(ok?.account.id).toBe(annAccount);
    expect(ok?.credential).toMatchObject({ id, bounces: false, allowedNetworks: [] });
    const listed = await s.api('GET', base(), undefined, { key: annKey });
    expect(listed.body.items.find((c: any) => c.id === id).lastUsedAt).not.toBeNull();

    expect((await s.api('DELETE', `${base()}/${id}`, undefined, { key: annKey })).status).toBe(204);
    expect(await authenticateRelay(s.mb.deps, { username, password })).toBeNull();
    const again = await s.api('DELETE', `${base()}/${id}`, undefined, { key: annKey });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
  });

  it('a bad network is a 400 naming the entry, and nothing is stored', async () => {
    const before = storedRows().length;
    for (const [networks, pathName] of [
      [['192.0.2.0/24', '10.0.0.1', '192.0.2.0/33'], 'allowedNetworks.2'],
      [['192.0.2.0/24', '999.1.1.1'], 'allowedNetworks.1'],
      [['127.1'], 'allowedNetworks.0'],
      [['192.0.2.0/24', 'printer.local'], 'allowedNetworks.1'],
    ] as const) {
      const r = await s.api('POST', base(), { allowedNetworks: networks }, { key: annKey });
      expect(r.status, JSON.stringify(networks)).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.details.map((d: any) => d.path)).toEqual([pathName]);
      expect(r.body.error.message).toContain(pathName);
    }
    expect((await s.api('POST', base(), { allowedNetworks: [], password: 'mine' }, { key: annKey })).status).toBe(400);
    expect(storedRows().length).toBe(before);
  });

  it("another user's account answers 404 for every verb; an admin may manage it", async () => {
    const mine = await s.api('POST', base(), {}, { key: annKey });
    expect(mine.status).toBe(201);
    for (const [method, p] of [['POST', ''], ['GET', ''], ['DELETE', `/${mine.body.id}`]] as const) {
      const r = await s.api(method, `${base()}${p}`, method === 'POST' ? {} : undefined, { key: benKey });
      expect(r.status, `${method} ${p}`).toBe(404);
    }
    // Ann's credential through Ben's own account: not found either.
    const benAccount = (await s.createAccount('ben@contoso.example', {}, benKey)).id;
    expect((await s.api('DELETE', `/api/v1/accounts/${benAccount}/relay-credentials/${mine.body.id}`, undefined, { key: benKey })).status).toBe(404);
    expect(await authenticateRelay(s.mb.deps, { username: mine.body.username, password: mine.body.password })).not.toBeNull();
    // The admin (the stack's key) sees and revokes it.
    expect((await s.api('GET', base())).body.items.map((c: any) => c.id)).toContain(mine.body.id);
    expect((await s.api('DELETE', `${base()}/${mine.body.id}`)).status).toBe(204);
    expect((await s.api('POST', '/api/v1/accounts/no-such-account/relay-credentials', {})).status).toBe(404);
  });

  it('pages with a cursor', async () => {
    const account = (await s.createAccount('ann@contoso.example', {}, annKey)).id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await s.api('POST', `/api/v1/accounts/${account}/relay-credentials`, { description: `n${i}` }, { key: annKey })).body.id);
    const first = await s.api('GET', `/api/v1/accounts/${account}/relay-credentials?limit=2`, undefined, { key: annKey });
    expect(first.body.items).toHaveLength(2);
    const second = await s.api('GET', `/api/v1/accounts/${account}/relay-credentials?limit=2&cursor=${first.body.nextCursor}`, undefined, { key: annKey });
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((c: any) => c.id)).toEqual(ids);
    expect((await s.api('GET', `/api/v1/accounts/${account}/relay-credentials?cursor=nope`, undefined, { key: annKey })).status).toBe(400);
  });

  it("a disabled owner's credentials stop working, and deleting the account deletes them", async () => {
    const account = (await s.createAccount('ann@contoso.example', {}, annKey)).id;
    const c = (await s.api('POST', `/api/v1/accounts/${account}/relay-credentials`, {}, { key: annKey })).body;
    expect(await authenticateRelay(s.mb.deps, c)).not.toBeNull();
    expect((await s.api('PATCH', `/api/v1/users/${annUserId}`, { disabled: true })).status).toBe(200);
    expect(await authenticateRelay(s.mb.deps, c)).toBeNull();
    expect((await s.api('PATCH', `/api/v1/users/${annUserId}`, { disabled: false })).status).toBe(200);
    expect(await authenticateRelay(s.mb.deps, c)).not.toBeNull();
    expect((await s.api('DELETE', `/api/v1/accounts/${account}`, undefined, { key: annKey })).status).toBe(204);
    expect(await authenticateRelay(s.mb.deps, c)).toBeNull();
    expect(storedRows().some((r) => r.id === c.id)).toBe(false);
  });
});
