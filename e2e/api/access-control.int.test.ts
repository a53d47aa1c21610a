import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

describe('who may do what', () => {
  let s: Stack;
  let annKey: string;
  let benKey: string;
  let annAccount: string;

  beforeAll(async () => {
    s = await startStack();
    await s.configureApp();
    const mk = async (email: string) => {
      const u = await s.api('POST', '/api/v1/users', { email, name: email.split('@')[0], role: 'user' });
      expect(u.status).toBe(201);
      return (await s.api('POST', `/api/v1/users/${u.body.id}/api-keys`)).body.key as string;
    };
    annKey = await mk('ann@contoso.example');
    benKey = await mk('ben@contoso.example');
    annAccount = (await s.createAccount('ann@contoso.example', {}, annKey)).id;
  });
  afterAll(() => s?.close());

  it('needs an API key', async () => {
    const r = await s.api('GET', '/api/v1/accounts', undefined, { key: null });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
    expect((await s.api('GET', '/api/v1/accounts', undefined, { key: 'mbk_wrong' })).status).toBe(401);
  });

  it('answers /healthz without a key', async () => {
    expect((await s.api('GET', '/healthz', undefined, { key: null })).body).toEqual({ status: 'ok' });
  });

  it("another user's account answers 404, for every verb", async () => {
    for (const [method, p, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { email: 'x@contoso.example' }],
      ['POST', '/link', undefined],
      ['POST', '/unlink', undefined],
      ['POST', '/test', { to: 'a@b.example' }],
      ['POST', '/messages', { to: 'a@b.example', subject: 's', text: 't' }],
      ['DELETE', '', undefined],
    ] as const) {
      const r = await s.api(method, `/api/v1/accounts/${annAccount}${p}`, body, { key: benKey });
      expect(r.status, `${method} ${p}`).toBe(404);
    }
    expect((await s.api('GET', `/api/v1/accounts/${annAccount}`, undefined, { key: annKey })).status).toBe(200);
  });

  it('a user lists only their own accounts; an admin sees all', async () => {
    await s.createAccount('ben@contoso.example', {}, benKey);
    const ben = await s.api('GET', '/api/v1/accounts', undefined, { key: benKey });
    expect(ben.body.items.map((a: any) => a.email)).toEqual(['ben@contoso.example']);
    expect(ben.body.nextCursor).toBeNull();
    const admin = await s.api('GET', '/api/v1/accounts');
    expect(admin.body.items.length).toBeGreaterThanOrEqual(2);
    expect(admin.body.nextCursor).toBeNull();
  });

  it('admin endpoints refuse users', async () => {
    expect((await s.api('PUT', '/api/v1/microsoft-app', { clientId: s.app.clientId }, { key: benKey })).status).toBe(403);
    expect((await s.api('POST', '/api/v1/users', { email: 'z@contoso.example', role: 'admin' }, { key: benKey })).status).toBe(403);
    expect((await s.api('GET', '/api/v1/microsoft-app', undefined, { key: benKey })).status).toBe(403);
  });

  it('a user cannot create an account for someone else', async () => {
    const me = await s.api('GET', '/api/v1/me', undefined, { key: annKey });
    const r = await s.api('POST', '/api/v1/accounts', { email: 'q@contoso.example', sendingMethod: 'graph', userId: 'someone-else' }, { key: benKey });
    expect(r.status).toBe(403);
    expect(me.body).toMatchObject({ email: 'ann@contoso.example', role: 'user' });
  });

  it('serves an OpenAPI 3.1 document generated from the contract', async () => {
    const r = await s.api('GET', '/api/openapi.json', undefined, { key: null });
    expect(r.body.openapi).toBe('3.1.0');
    const send = r.body.paths['/accounts/{id}/messages'].post;
    expect(send.requestBody.content['application/json'].schema.properties).toHaveProperty('attachments');
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/microsoft-app', '/users', '/accounts', '/accounts/{id}/link']));
  });
});
