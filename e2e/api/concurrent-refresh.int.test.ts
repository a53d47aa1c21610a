import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

describe('token refresh under concurrency', () => {
  let s: Stack;
  let id: string;
  const alice = 'alice@contoso.example';
  const tokenCalls = () => s.emulator.requests({ endpoint: 'token' }).length;
  const fifty = () =>
    Promise.all(Array.from({ length: 50 }, (_, i) => s.api('POST', `/api/v1/accounts/${id}/messages`, { to: 'bob@contoso.example', subject: `n${i}`, text: 'x' })));

  beforeAll(async () => {
    s = await startStack();
    id = await s.linkedAccount(alice, ['bob@contoso.example']);
  });
  afterAll(() => s?.close());

  it('50 simultaneous sends with a just-expired access token make exactly one token request', async () => {
    const stored = (await s.mb.store.tokens.get(id))!;
    await s.mb.store.tokens.save(id, { ...stored, accessTokenExpiresAt: new Date(Date.now() - 1000) });
    s.mb.deps.tokens.forget(id);
    const before = tokenCalls();
    const results = await fifty();
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(202));
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
    expect((await s.api('POST', `/api/v1/accounts/${id}/test`, { to: 'bob@contoso.example' })).status).toBe(202);
    const after = (await s.mb.store.tokens.get(id))!.refreshToken.reveal();
    expect(after).not.toBe(before);
    const sent = s.emulator.requests({ endpoint: 'token' }).at(-1)!;
    expect(sent.form?.refresh_token).toBe(before);
  });

  it('50 simultaneous sends that all meet a Graph 401 make exactly one token request', async () => {
    s.emulator.expireAccessTokens(alice);
    const before = tokenCalls();
    const results = await fifty();
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(202));
    expect(tokenCalls() - before).toBe(1);
  });

  it('never exceeds Graph\'s 4 concurrent requests per mailbox (no 429 from the emulator)', () => {
    const throttled = s.emulator.requests({ endpoint: 'sendMail' }).filter((r) => r.status === 429);
    expect(throttled).toEqual([]);
  });
});
