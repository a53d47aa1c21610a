import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

describe('token refresh under concurrency', () => {
  let s: Stack;
  let id: string;
  const alice = 'alice@contoso.example';
  const tokenCalls = () => s.emulator.requests({ endpoint: 'token' }).length;
  /** Queues 50 messages at once; once all are accepted, returns their views. */
  const fifty = async () => {
    const queued = await Promise.all(Array.from({ length: 50 }, (_, i) => s.api('POST', `/api/v1/accounts/${id}/messages`, { to: 'bob@contoso.example', subject: `n${i}`, text: 'x' })));
    expect(queued.map((r) => r.status)).toEqual(Array(50).fill(202));
    const views = [];
    for (const r of queued) views.push(await s.waitForMessage(r.body.id as string, { until: (m) => m.status !== 'queued' && m.status !== 'sending' }));
    return views;
  };

  beforeAll(async () => {
    s = await startStack();
    id = await s.linkedAccount(alice, ['bob@contoso.example']);
    // Not a pacing test: lift the 30-per-minute limit so 100 messages go out at once (Graph's
    // 4 concurrent requests per mailbox stay, and are checked last).
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: { perMinute: 1000 } })).status).toBe(200);
  });
  afterAll(() => s?.close());

  it('50 simultaneous sends with a just-expired access token make exactly one token request', async () => {
    const stored = (await s.mb.store.tokens.get(id))!;
    await s.mb.store.tokens.save(id, { ...stored, accessTokenExpiresAt: new Date(Date.now() - 1000) });
    s.mb.deps.tokens.forget(id);
    const before = tokenCalls();
    const views = await fifty();
    expect(views.map((m) => m.status)).toEqual(Array(50).fill('accepted'));
    expect(tokenCalls() - before).toBe(1);
    const last = s.emulator.requests({ endpoint: 'token' }).at(-1)!;
    expect(last.form?.grant_type).toBe('refresh_token');
    expect(s.emulator.mailbox('bob@contoso.example').inbox.length).toBe(50);
  });

  it('the newest refresh token is stored after a refresh', async () => {
    const before = (await s.mb.store.tokens.get(id))!.refreshToken.reveal();
    const stored = (await s.mb.store.tokens.get(id))!;
    await s.mb.store.tokens.save(id, { ...stored, accessTokenExpiresAt: new Date(Date.now() - 1000) });
    s.mb.deps.tokens.forget(id);
    const r = await s.api('POST', `/api/v1/accounts/${id}/test`, { to: 'bob@contoso.example' });
    expect(r.status).toBe(202);
    expect(r.body.status).toBe('accepted');
    const after = (await s.mb.store.tokens.get(id))!.refreshToken.reveal();
    expect(after).not.toBe(before);
    const sent = s.emulator.requests({ endpoint: 'token' }).at(-1)!;
    expect(sent.form?.refresh_token).toBe(before);
  });

  it('50 simultaneous sends that all meet a Graph 401 make exactly one token request', async () => {
    s.emulator.expireAccessTokens(alice);
    const before = tokenCalls();
    const refused = () => s.emulator.requests({ endpoint: 'messages' }).filter((r) => r.status === 401).length;
    const refusedBefore = refused();
    const accepted = s.emulator.accepted({ mailbox: alice }).length;
    const views = await fifty();
    expect(views.map((m) => m.status)).toEqual(Array(50).fill('accepted'));
    expect(refused() - refusedBefore).toBeGreaterThan(0);
    expect(tokenCalls() - before).toBe(1);
    // Each accepted exactly once, none lost to the 401s.
    expect(s.emulator.accepted({ mailbox: alice }).length - accepted).toBe(50);
  });

  it('never exceeds Graph\'s 4 concurrent requests per mailbox (no 429 from the emulator)', () => {
    expect(s.emulator.throttleCounts(alice)).toMatchObject({ concurrency: 0, total: 0 });
  });
});
