import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { startStack, type ApiResponse, type Stack } from '../support/stack.js';
import { SessionClient } from '../support/session-client.js';

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
