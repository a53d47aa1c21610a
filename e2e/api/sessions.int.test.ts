import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceFirstRun } from '../../server/src/main/first-run.js';
import { startStack, type Stack } from '../support/stack.js';
import { SessionClient } from '../support/session-client.js';

const PASSWORD = 'correct horse battery';

/** A user created by the admin key, who sets a password through an invitation (and is signed in). */
async function invitedUser(s: Stack, email: string, role: 'user' | 'admin' = 'user'): Promise<{ id: string; client: SessionClient }> {
  const u = await s.api('POST', '/api/v1/users', { email, role });
  expect(u.status).toBe(201);
  const link = await s.api('POST', `/api/v1/users/${u.body.id}/invitation`);
  const client = new SessionClient(s.url);
  const accepted = await client.call('POST', '/api/v1/invitations/accept', { token: new URL(link.body.url).searchParams.get('token'), password: PASSWORD });
  expect(accepted.status).toBe(200);
  return { id: u.body.id, client };
}

describe('first run, sign-in, sessions and CSRF', () => {
  let s: Stack;
  let admin: SessionClient;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s?.close());

  it('GET /setup answers without auth: a first admin is needed (the key-only admin does not count)', async () => {
    const r = await s.api('GET', '/api/v1/setup', undefined, { key: null });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ needsFirstAdmin: true, organizationAppConfigured: false, sandbox: { available: false, active: false }, redirectUri: `${s.url}/oauth/callback` });
    const openapi = await s.api('GET', '/api/openapi.json', undefined, { key: null });
    expect(openapi.body.paths['/setup'].get.security).toEqual([]);
    expect(openapi.body.paths['/me'].get.security).toBeUndefined();
  });

  it('first run: the code is logged once as a URL; a wrong or replaced code is refused; the right one creates the admin once', async () => {
    const replaced = (await announceFirstRun(s.mb))!;
    const code = (await announceFirstRun(s.mb))!;
    const lines = s.logs.filter((l) => l.includes('First run'));
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!).msg).toBe(`First run: open ${s.url}/setup?code=${code} to create the first administrator`);
    const body = { email: 'root@contoso.example', name: 'Root', password: PASSWORD };
    admin = new SessionClient(s.url);
    for (const wrong of ['not-the-code', replaced]) {
      const r = await admin.call('POST', '/api/v1/setup/first-admin', { ...body, code: wrong });
      expect(r.status).toBe(400);
      expect(r.body.error.details).toEqual([{ path: 'code', message: expect.any(String) }]);
    }
    const ok = await admin.call('POST', '/api/v1/setup/first-admin', { ...body, code });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ user: { email: 'root@contoso.example', role: 'admin', disabled: false }, scope: 'full', csrfToken: expect.any(String) });
    expect(admin.cookie).toBeDefined();
    const again = await new SessionClient(s.url).call('POST', '/api/v1/setup/first-admin', { ...body, email: 'second@contoso.example', code });
    expect(again.status).toBe(409);
    expect((await s.api('GET', '/api/v1/setup', undefined, { key: null })).body.needsFirstAdmin).toBe(false);
    expect(await announceFirstRun(s.mb)).toBeNull();
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, not Secure over http, with a 256-bit random value', async () => {
    const c = new SessionClient(s.url);
    await c.signIn('root@contoso.example', PASSWORD);
    const cookie = c.lastSetCookie!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    expect(c.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await c.call('GET', '/api/v1/session');
    expect(session.status).toBe(200);
    const ends = Date.parse(session.body.expiresAt) - Date.now();
    expect(ends).toBeGreaterThan(11.9 * 3600_000);
    expect(ends).toBeLessThanOrEqual(12 * 3600_000);
  });

  it('failed sign-ins answer the same 401 for an unknown address and a wrong password', async () => {
    const c = new SessionClient(s.url);
    const unknown = await c.call('POST', '/api/v1/session', { email: 'nobody@contoso.example', password: 'whatever-password' });
    const wrong = await c.call('POST', '/api/v1/session', { email: 'root@contoso.example', password: 'whatever-password' });
    const keyOnly = await c.call('POST', '/api/v1/session', { email: 'admin@mailbridge.local', password: 'whatever-password' });
    for (const r of [unknown, wrong, keyOnly]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual(unknown.body);
    }
    expect(c.cookie).toBeUndefined();
  });

  it('rate-limits sign-in per address and email: the 11th attempt in 5 minutes gets 429 with Retry-After', async () => {
    const c = new SessionClient(s.url);
    const attempt = (email: string) => c.call('POST', '/api/v1/session', { email, password: 'guess-guess-guess' });
    for (let i = 0; i < 10; i++) expect((await attempt('victim@contoso.example')).status).toBe(401);
    const limited = await attempt('victim@contoso.example');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt('Victim@Contoso.example')).status).toBe(429);
    expect((await attempt('other@contoso.example')).status).toBe(401);
  });

  it('CSRF: a session needs X-CSRF-Token on state-changing calls; reads and bearer keys need none', async () => {
    const create = { email: 'csrf@contoso.example', sendingMethod: 'graph' };
    const missing = await admin.call('POST', '/api/v1/accounts', create, { csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatchObject({ code: 'forbidden', message: 'Missing or invalid CSRF token' });
    expect((await admin.call('POST', '/api/v1/accounts', create, { csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await admin.call('DELETE', '/api/v1/session', undefined, { csrf: null })).status).toBe(403);
    expect((await admin.call('GET', '/api/v1/accounts', undefined, { csrf: null })).status).toBe(200);
    const ok = await admin.call('POST', '/api/v1/accounts', create);
    expect(ok.status).toBe(201);
    expect((await s.api('POST', '/api/v1/accounts', { ...create, email: 'key@contoso.example' })).status).toBe(201);
    // Another session's token does not fit this one.
    const other = new SessionClient(s.url);
    await other.signIn('root@contoso.example', PASSWORD);
    expect((await admin.call('POST', '/api/v1/accounts', create, { csrf: other.csrf! })).status).toBe(403);
  });

  it('invitations: single use, a newer one voids the older; accepting signs in', async () => {
    const u = await s.api('POST', '/api/v1/users', { email: 'ivy@contoso.example', role: 'user' });
    const first = await admin.call('POST', `/api/v1/users/${u.body.id}/invitation`);
    expect(first.status).toBe(201);
    expect(first.body.url).toMatch(new RegExp(`^${s.url}/invite\\?token=[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(first.body.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    const second = await s.api('POST', `/api/v1/users/${u.body.id}/invitation`);
    const token = (r: typeof first) => new URL(r.body.url).searchParams.get('token');
    const c = new SessionClient(s.url);
    expect((await c.call('POST', '/api/v1/invitations/accept', { token: token(first), password: PASSWORD })).status).toBe(400);
    const ok = await c.call('POST', '/api/v1/invitations/accept', { token: token(second), password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: 'ivy@contoso.example', role: 'user' });
    expect((await c.call('GET', '/api/v1/me')).body.email).toBe('ivy@contoso.example');
    expect((await c.call('POST', '/api/v1/invitations/accept', { token: token(second), password: PASSWORD })).status).toBe(400);
    expect((await c.call('POST', '/api/v1/users', { email: 'z@contoso.example' })).status).toBe(403);
  });

  it('password change: needs the current one, ends the other sessions, keeps this one', async () => {
    const { client: mine } = await invitedUser(s, 'pat@contoso.example');
    const elsewhere = new SessionClient(s.url);
    await elsewhere.signIn('pat@contoso.example', PASSWORD);
    const wrong = await mine.call('POST', '/api/v1/me/password', { currentPassword: 'not-my-password', newPassword: 'a new long password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: 'currentPassword', message: 'is not right' }]);
    expect((await mine.call('POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'short' })).status).toBe(400);
    expect((await mine.call('POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'a new long password' })).status).toBe(204);
    expect((await mine.call('GET', '/api/v1/session')).status).toBe(200);
    // Signed out is a normal state for a page: 204, not an error.
    expect((await elsewhere.call('GET', '/api/v1/session')).status).toBe(204);
    expect((await new SessionClient(s.url).call('POST', '/api/v1/session', { email: 'pat@contoso.example', password: PASSWORD })).status).toBe(401);
    await new SessionClient(s.url).signIn('pat@contoso.example', 'a new long password');
  });

  it('API keys of the caller: created once, listed by prefix only, last use recorded, revoked → 401', async () => {
    const { client: ken } = await invitedUser(s, 'ken@contoso.example');
    const created = await ken.call('POST', '/api/v1/me/api-keys');
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    const listed = await ken.call('GET', '/api/v1/me/api-keys');
    expect(listed.body.items).toEqual([{ id: created.body.id, prefix: key.slice(0, 8), createdAt: created.body.createdAt, lastUsedAt: null }]);
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(8));
    expect((await s.api('GET', '/api/v1/me', undefined, { key })).body.email).toBe('ken@contoso.example');
    const used = await s.api('GET', '/api/v1/me/api-keys', undefined, { key });
    expect(Date.parse(used.body.items[0].lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Someone else's key id is not found, and stays valid.
    const adminKeys = await s.api('GET', '/api/v1/me/api-keys');
    expect((await ken.call('DELETE', `/api/v1/me/api-keys/${adminKeys.body.items[0].id}`)).status).toBe(404);
    expect((await ken.call('DELETE', `/api/v1/me/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await s.api('GET', '/api/v1/me', undefined, { key })).status).toBe(401);
    expect((await ken.call('GET', '/api/v1/me/api-keys')).body.items).toEqual([]);
  });

  it('a disabled user cannot sign in or use keys or sessions; an admin cannot disable or demote themself', async () => {
    const { id, client: dan } = await invitedUser(s, 'dan@contoso.example');
    const key = (await dan.call('POST', '/api/v1/me/api-keys')).body.key;
    const off = await admin.call('PATCH', `/api/v1/users/${id}`, { disabled: true, name: 'Dan' });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ disabled: true, name: 'Dan' });
    expect((await dan.call('GET', '/api/v1/me')).status).toBe(401);
    expect((await s.api('GET', '/api/v1/me', undefined, { key })).status).toBe(401);
    expect((await new SessionClient(s.url).call('POST', '/api/v1/session', { email: 'dan@contoso.example', password: PASSWORD })).status).toBe(401);
    expect((await s.api('POST', `/api/v1/users/${id}/settings-link`)).status).toBe(409);
    expect((await admin.call('PATCH', `/api/v1/users/${id}`, { disabled: false })).body.disabled).toBe(false);
    expect((await s.api('GET', '/api/v1/me', undefined, { key })).status).toBe(200);
    await new SessionClient(s.url).signIn('dan@contoso.example', PASSWORD);

    const me = (await admin.call('GET', '/api/v1/me')).body.id;
    expect((await admin.call('PATCH', `/api/v1/users/${me}`, { disabled: true })).status).toBe(403);
    expect((await admin.call('PATCH', `/api/v1/users/${me}`, { role: 'user' })).status).toBe(403);
    expect((await admin.call('PATCH', `/api/v1/users/${me}`, { name: 'Root Admin' })).body.name).toBe('Root Admin');
    expect((await admin.call('PATCH', '/api/v1/users/missing', { name: 'x' })).status).toBe(404);
  });

  it('rate-limits sign-in per client too, whatever the addresses tried (password spraying)', async () => {
    const spray = await startStack();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 51; i++) statuses.push((await new SessionClient(spray.url).call('POST', '/api/v1/session', { email: `user${i}@contoso.example`, password: 'guess' })).status);
      expect(statuses.slice(0, 50)).toEqual(Array(50).fill(401));
      expect(statuses[50]).toBe(429);
    } finally {
      await spray.close();
    }
  });

  it('guessing invitation tokens is rate-limited (each try costs a password hash)', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++) {
      last = (await new SessionClient(s.url).call('POST', '/api/v1/invitations/accept', { token: `guess-${i}`, password: 'a long enough password' })).status;
      if (i < 10) expect(last === 400 || last === 429).toBe(true);
    }
    expect(last).toBe(429);
  });

  it('signing out ends the session and clears the cookie', async () => {
    const c = new SessionClient(s.url);
    await c.signIn('root@contoso.example', PASSWORD);
    const token = c.cookie;
    expect((await c.call('DELETE', '/api/v1/session')).status).toBe(204);
    expect(c.cookie).toBeUndefined();
    c.cookie = token;
    expect((await c.call('GET', '/api/v1/session')).status).toBe(204);
    expect((await s.api('GET', '/api/v1/session')).status).toBe(204);
  });
});

describe('MAILBRIDGE_ADMIN_EMAIL + MAILBRIDGE_ADMIN_PASSWORD, served over https', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_PUBLIC_URL: 'https://mail.contoso.example', MAILBRIDGE_ADMIN_EMAIL: 'ops@contoso.example', MAILBRIDGE_ADMIN_PASSWORD: PASSWORD } });
  });
  afterAll(() => s?.close());

  it('creates the admin at start (no first-run screen), and the cookie is Secure', async () => {
    expect((await s.api('GET', '/api/v1/setup', undefined, { key: null })).body.needsFirstAdmin).toBe(false);
    const c = new SessionClient(s.url);
    const r = await c.signIn('ops@contoso.example', PASSWORD);
    expect(r.body.user).toMatchObject({ email: 'ops@contoso.example', role: 'admin' });
    expect(c.lastSetCookie).toMatch(/;\s*Secure/i);
    const invite = await c.call('POST', `/api/v1/users/${r.body.user.id}/invitation`);
    expect(invite.body.url).toMatch(/^https:\/\/mail\.contoso\.example\/invite\?token=/);
  });
});
