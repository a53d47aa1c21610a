import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/test-browser.js';
import { startStack, type Stack } from '../support/stack.js';
import { expectDocumentedError, rawFetch } from '../support/error-shape.js';
import { rawRequest } from '../support/raw-http.js';

/** Issue 6: every error in one shape with the security headers, whatever raised it. */
describe('one error shape everywhere', () => {
  let s: Stack;
  const auth = () => ({ authorization: `Bearer ${s.adminKey}` });

  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s?.close());

  it('a malformed URL → 400 invalid_request', async () => {
    expectDocumentedError(await rawFetch(`${s.url}/api/v1/accounts/%ff%fe`, { headers: auth() }), 400, 'invalid_request');
  });

  it('a 1,000-character id → 414 invalid_request', async () => {
    expectDocumentedError(await rawFetch(`${s.url}/api/v1/accounts/${'a'.repeat(1000)}`, { headers: auth() }), 414, 'invalid_request');
  });

  it('an unknown route and a wrong method → 404 not_found', async () => {
    expectDocumentedError(await rawFetch(`${s.url}/api/v1/nothing-here`, { headers: auth() }), 404, 'not_found');
    expectDocumentedError(await rawFetch(`${s.url}/api/v1/users`, { method: 'DELETE', headers: auth() }), 404, 'not_found');
  });

  it('a body that is not JSON → 415 invalid_request, nothing stored', async () => {
    const r = await rawFetch(`${s.url}/api/v1/users`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: '{"email":"x@contoso.example"}' });
    expectDocumentedError(r, 415, 'invalid_request');
    const users = await s.api('GET', '/api/v1/users');
    expect(JSON.stringify(users.body)).not.toContain('x@contoso.example');
  });

  it('a body over the route limit → 413 payload_too_large, before authentication too', async () => {
    const big = JSON.stringify({ email: 'a@contoso.example', password: 'x'.repeat(100_000) });
    expectDocumentedError(await rawFetch(`${s.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }), 413, 'payload_too_large');
  });

  it('a caller without a key is refused before its body is read', async () => {
    const body = JSON.stringify({ to: 'a@contoso.example', subject: 's', text: 'x'.repeat(5_000_000) });
    expectDocumentedError(await rawFetch(`${s.url}/api/v1/accounts/abc/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), 401, 'unauthenticated');
  });

  it('an error about a 5 MB field name stays small', async () => {
    // A NUL in the value of one huge key: the error names the field, bounded.
    const body = JSON.stringify({ ['k'.repeat(5_000_000)]: 'a\u0000' });
    const r = await rawFetch(`${s.url}/api/v1/accounts/abc/messages`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body });
    expectDocumentedError(r, 400, 'invalid_request');
    expect(r.text.length).toBeLessThan(2_000);
  });

  it.each([
    ['headers over the limit', `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['a malformed request line', 'GET /api/v1/me HTTP/1.1 extra\r\nHost: x\r\n\r\n', 400],
    ['a header line without a colon', 'GET /api/v1/me HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
    ['Transfer-Encoding with Content-Length', 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n', 400],
  ])("what Node's HTTP parser refuses (%s) → the same shape and headers, then the connection closes", async (_label, payload, status) => {
    const r = await rawRequest(s.url, payload);
    expectDocumentedError(r, status, 'invalid_request');
    expect(r.headers.get('connection')).toBe('close');
    expect(r.closed).toBe(true);
  });

  it('an absolute-form request target (GET http://host/api/…) is not cached either', async () => {
    for (const target of ['http://evil.example/api/v1/me', `${s.url}/api/v1/users`]) {
      const r = await rawRequest(s.url, `GET ${target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.adminKey}\r\nConnection: close\r\n\r\n`);
      expect(r.status, target).toBe(200);
      expect(r.headers.get('cache-control'), target).toBe('no-store');
    }
  });

  it('answers with secrets or personal data are never cached', async () => {
    for (const p of ['/api/v1/users', '/api/v1/me/api-keys', '/api/v1/me']) {
      expect((await s.api('GET', p)).headers.get('cache-control'), p).toBe('no-store');
    }
    const user = await s.api('POST', '/api/v1/users', { email: 'cache@contoso.example', name: 'C' });
    const key = await s.api('POST', `/api/v1/users/${user.body.id}/api-keys`);
    expect(key.status).toBe(201);
    expect(key.headers.get('cache-control')).toBe('no-store');
    const session = await s.api('POST', '/api/v1/session', { email: 'nobody@contoso.example', password: 'wrong-password' }, { key: null });
    expect(session.headers.get('cache-control')).toBe('no-store');
  });

  it('the SQLite database and its WAL are readable by their owner only', async () => {
    await s.api('POST', '/api/v1/users', { email: 'mode@contoso.example', name: 'M' });
    for (const f of ['mailbridge.db', 'mailbridge.db-wal', 'mailbridge.db-shm']) {
      const mode = (await stat(path.join(s.dataDir, f))).mode & 0o777;
      expect(mode.toString(8), f).toBe('600');
    }
  });

  it("Microsoft's error text from a link callback is stored bounded", async () => {
    s.emulator.createUser({ email: 'long@contoso.example', tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
    const account = await s.createAccount('long@contoso.example');
    const started = await s.api('POST', `/api/v1/accounts/${account.id}/link`);
    const browser = new TestBrowser();
    const atMicrosoft = await browser.open(started.body.authorizeUrl);
    const state = new URL(browser.visited.find((u) => u.includes('/authorize'))!).searchParams.get('state')!;
    expect(atMicrosoft.status).toBe(200);
    const description = `AADSTS99999: ${'very long text '.repeat(600)}`;
    await browser.open(`${s.url}/oauth/callback?${new URLSearchParams({ state, error: 'invalid_request', error_description: description })}`);
    const after = await s.api('GET', `/api/v1/accounts/${account.id}`);
    expect(after.body.lastError).toBeTruthy();
    expect(JSON.stringify(after.body.lastError).length).toBeLessThan(3_000);
  });
});
