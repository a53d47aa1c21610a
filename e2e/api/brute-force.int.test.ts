import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { startStack, type ApiResponse, type Stack } from '../support/stack.js';
import { SessionClient } from '../support/session-client.js';
import { SIGN_IN_LIMIT_PER_ADDRESS, signInAddressLimitKey } from '../../server/src/http/routes/session/session-routes.js';

const PASSWORD = 'correct horse battery';

/** A user created with the admin key who sets a password through an invitation (and is signed in). */
async function invitedUser(s: Stack, email: string): Promise<SessionClient> {
  const u = await s.api('POST', '/api/v1/users', { email, role: 'user' });
  expect(u.status).toBe(201);
  const link = await s.api('POST', `/api/v1/users/${u.body.id}/invitation`);
  const client = new SessionClient(s.url);
  const accepted = await client.call('POST', '/api/v1/invitations/accept', { token: new URL(link.body.url).searchParams.get('token'), password: PASSWORD });
  expect(accepted.status).toBe(200);
  return client;
}

function expectRateLimited(r: ApiResponse, maxSeconds: number): void {
  expect(r.status).toBe(429);
  expect(r.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
  const retryAfter = Number(r.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

/** Issue 6, "Brute force": limits kept in the database, so PostgreSQL instances share them. */
describe('brute force, on PostgreSQL', () => {
  const db: TestDatabase = freshPostgres();
  let options: { databaseUrl?: string; secretKey?: string };
  let a: Stack;
  let b: Stack;

  beforeAll(async () => {
    options = await db.options();
    a = await startStack(options);
    // A second Mailbridge on the same database: its own process state, its own HTTP server.
    b = await startStack(options);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await a?.close();
    await b?.close();
    await db.cleanup();
  });

  it('POST /me/password: 5 tries per user in 15 minutes, then even the right password waits for the window', async () => {
    const pat = await invitedUser(a, 'pat@contoso.example');
    const key = (await pat.call('POST', '/api/v1/me/api-keys')).body.key as string;
    const change = (currentPassword: string) => pat.call('POST', '/api/v1/me/password', { currentPassword, newPassword: 'a new long password' });
    for (let i = 0; i < 5; i++) {
      const wrong = await change(`guess number ${i}`);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details).toEqual([{ path: 'currentPassword', message: 'is not right' }]);
    }
    expectRateLimited(await change('guess number 5'), 15 * 60);
    expectRateLimited(await change(PASSWORD), 15 * 60);
    // Per user, not per session or per instance: the user's API key on the other instance waits too.
    const byKey = await b.api('POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'a new long password' }, { key });
    expectRateLimited(byKey, 15 * 60);
    // Another user is not affected.
    const sam = await invitedUser(a, 'sam@contoso.example');
    expect((await sam.call('POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'a new long password' })).status).toBe(204);

    vi.setSystemTime(Date.now() + 15 * 60_000 + 1_000);
    try {
      expect((await change(PASSWORD)).status).toBe(204);
    } finally {
      vi.useRealTimers();
    }
    await new SessionClient(a.url).signIn('pat@contoso.example', 'a new long password');
  });

  it('two instances share the sign-in limit: 10 failures split across both, then 429 on either', async () => {
    const attempt = (s: Stack, email = 'victim@contoso.example') => new SessionClient(s.url).call('POST', '/api/v1/session', { email, password: 'guess-guess-guess' });
    for (let i = 0; i < 10; i++) expect((await attempt(i % 2 ? b : a)).status).toBe(401);
    expectRateLimited(await attempt(a), 5 * 60);
    expectRateLimited(await attempt(b), 5 * 60);
    expect((await attempt(b, 'other@contoso.example')).status).toBe(401);
  });
});

/** Review of issue 6: a new client address must not mean 10 fresh tries at the same password. */
describe('sign-in behind a trusted proxy, from ever new client addresses', () => {
  let s: Stack;

  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_TRUST_PROXY: 'true' } });
    await invitedUser(s, 'kim@contoso.example');
  });
  afterAll(() => s?.close());

  let n = 0;
  const attempt = (email: string, password = 'guess-guess-guess') =>
    fetch(`${s.url}/api/v1/session`, {
      method: 'POST',
      // Each attempt from another client address (10.x.y.z, then IPv6), as a botnet would.
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ++n % 2 ? `10.${n >> 16 & 255}.${n >> 8 & 255}.${n & 255}` : `2001:db8::${n.toString(16)}` },
      body: JSON.stringify({ email, password }),
    }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => undefined), headers: r.headers }));

  it('100 tries per address per hour across all client addresses, then 429 even for the right password, alike for unknown addresses', async () => {
    expect(SIGN_IN_LIMIT_PER_ADDRESS).toEqual({ max: 100, windowMs: 60 * 60_000 });
    // 80 earlier tries counted as the route counts them (each real one costs a password hash)…
    for (const email of ['kim@contoso.example', 'nobody@contoso.example']) {
      for (let i = 0; i < 80; i++) await s.mb.store.rateLimits.hit(signInAddressLimitKey(email), SIGN_IN_LIMIT_PER_ADDRESS, new Date());
    }
    // …then 20 more, each from a client address never seen (IPv4 and IPv6), for a user and for nobody.
    const tries = Array.from({ length: 20 }, (_, i) => [i % 2 ? 'KIM@contoso.example' : 'kim@contoso.example', 'nobody@contoso.example']).flat();
    for (const r of await Promise.all(tries.map((email) => attempt(email)))) expect(r.status).toBe(401);
    const known = await attempt('kim@contoso.example');
    const unknown = await attempt('nobody@contoso.example');
    expectRateLimited(known, 60 * 60);
    expectRateLimited(unknown, 60 * 60);
    expect(unknown.body).toEqual(known.body);
    expectRateLimited(await attempt('kim@contoso.example', PASSWORD), 60 * 60);
    // Another address is not affected.
    expect((await attempt('lee@contoso.example')).status).toBe(401);
  });
});
