import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

/** Bad input: a 400 naming the field; nothing stored, nothing sent. */
describe('bad input', () => {
  let s: Stack;
  let id: string;
  const alice = 'alice@contoso.example';
  const base = { to: 'bob@contoso.example', subject: 'Hello', text: 'Hi' };
  // Nothing sent means nothing queued: every message goes through the account's outbox first.
  const sends = async () => (await s.api('GET', `/api/v1/accounts/${id}/outbox?limit=100`)).body.items.length as number;

  beforeAll(async () => {
    s = await startStack();
    id = await s.linkedAccount(alice);
  });
  afterAll(() => s?.close());

  const cases: Array<[string, unknown, string]> = [
    ['unknown field', { ...base, colour: 'red' }, 'colour'],
    ['invalid address', { ...base, to: 'not-an-address' }, 'to'],
    ['invalid address in a list', { ...base, cc: ['ok@contoso.example', 'bad@'] }, 'cc.1'],
    ['empty recipients', { ...base, to: [] }, 'to'],
    ['CR/LF in the subject', { ...base, subject: 'Hi\r\nBcc: victim@x.example' }, 'subject'],
    ['CR/LF in a display name', { ...base, to: { address: 'bob@contoso.example', name: 'Bob\nBcc: x@y.example' } }, 'to.name'],
    ['CR/LF in a header value', { ...base, headers: { 'X-Ref': 'a\r\nBcc: x@y.example' } }, 'headers.X-Ref'],
    ['a non-X- header', { ...base, headers: { Bcc: 'x@y.example' } }, 'headers.Bcc'],
    ['more than 5 headers', { ...base, headers: Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`X-H${i}`, 'v'])) }, 'headers'],
    ['no body at all', { to: 'bob@contoso.example', subject: 'Hello' }, 'text'],
    ['an over-long subject', { ...base, subject: 'x'.repeat(2000) }, 'subject'],
    ['attachment not base64', { ...base, attachments: [{ filename: 'a.txt', contentType: 'text/plain', contentBase64: '@@@' }] }, 'attachments.0.contentBase64'],
    ['subject of the wrong type', { ...base, subject: 42 }, 'subject'],
  ];

  it.each(cases)('%s → 400 naming %s, nothing sent', async (_name, body, field) => {
    const before = await sends();
    const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await sends()).toBe(before);
  });

  it('malformed JSON → 400', async () => {
    const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, undefined, { raw: '{"to": "a@b.c",' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.message).toMatch(/JSON/);
  });

  it("attachments over the mailbox's maximum send size → message_too_large naming the limit, nothing sent", async () => {
    const before = await sends();
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: { maxMessageMB: 1 } })).status).toBe(200);
    try {
      // 800 KB weighs about 1.07 MB once base64-encoded in the message.
      const big = Buffer.alloc(800 * 1024, 7).toString('base64');
      const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, { ...base, attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', contentBase64: big }] });
      expect(r.status).toBe(413);
      expect(r.body.error.diagnosis.code).toBe('message_too_large');
      expect(r.body.error.diagnosis.cause).toContain('1 MB');
      expect(await sends()).toBe(before);
    } finally {
      await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: null });
    }
  });

  it('a JSON body over 25 MB → 413 pointing to multipart/form-data', async () => {
    const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, undefined, { raw: JSON.stringify({ ...base, text: 'x'.repeat(26 * 1024 * 1024) }) });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect(r.body.error.message).toContain('multipart/form-data');
  });

  it('a client ID that is not a GUID → client_id_invalid; nothing stored', async () => {
    const before = (await s.api('GET', '/api/v1/microsoft-app')).body;
    const r = await s.api('PUT', '/api/v1/microsoft-app', { clientId: 'my-app', clientSecret: 'abc~defghijklmnopqrstuvwxyz0123456789AB' });
    expect(r.status).toBe(400);
    expect(r.body.error.diagnosis.code).toBe('client_id_invalid');
    expect(r.body.error.details[0].path).toBe('clientId');
    expect((await s.api('GET', '/api/v1/microsoft-app')).body).toEqual(before);
  });

  it('the Secret ID pasted as the secret → client_secret_looks_like_id, before any request to Microsoft', async () => {
    const tokenCalls = s.emulator.requests({ endpoint: 'token' }).length;
    const r = await s.api('PUT', '/api/v1/microsoft-app', { clientId: s.app.clientId, clientSecret: ` ${s.app.secretId} ` }, { lang: 'es' });
    expect(r.status).toBe(400);
    expect(r.body.error.diagnosis.code).toBe('client_secret_looks_like_id');
    expect(r.body.error.details[0].path).toBe('clientSecret');
    expect(s.emulator.requests({ endpoint: 'token' }).length).toBe(tokenCalls);
    const acc = await s.api('POST', '/api/v1/accounts', { email: 'z@contoso.example', sendingMethod: 'graph', app: { clientId: s.app.clientId, clientSecret: s.app.secretId } });
    expect(acc.status).toBe(400);
    expect(acc.body.error.details[0].path).toBe('app.clientSecret');
  });

  it('trims spaces around the client ID and secret', async () => {
    const r = await s.api('PUT', '/api/v1/microsoft-app', { clientId: `  ${s.app.clientId}\t`, clientSecret: ` ${s.app.secret} ` });
    expect(r.status).toBe(200);
    expect(r.body.clientId).toBe(s.app.clientId);
    expect((await s.api('POST', `/api/v1/accounts/${id}/test`, { to: 'bob@contoso.example' })).status).toBe(202);
  });

  it('an unknown sending method or a bad account email → 400 naming it; nothing stored', async () => {
    const count = (await s.api('GET', '/api/v1/accounts')).body.items.length;
    const r1 = await s.api('POST', '/api/v1/accounts', { email: 'x@contoso.example', sendingMethod: 'pigeon' });
    expect(r1.body.error.details[0].path).toBe('sendingMethod');
    const r2 = await s.api('POST', '/api/v1/accounts', { email: 'nope', sendingMethod: 'graph' });
    expect(r2.body.error.details[0].path).toBe('email');
    expect((await s.api('GET', '/api/v1/accounts')).body.items.length).toBe(count);
  });

  it('NUL characters anywhere → 400 naming where, never a 500', async () => {
    const r1 = await s.api('POST', '/api/v1/users', { email: 'a\u0000b@contoso.example', role: 'user' });
    expect(r1.status).toBe(400);
    const r2 = await s.api('GET', '/api/v1/accounts/a%00b');
    expect(r2.status).toBe(400);
    expect(r2.body.error.details[0].path).toBe('id');
    const r3 = await s.api('PATCH', `/api/v1/accounts/${id}`, { defaults: { signatureHtml: 'x\u0000y' } });
    expect(r3.status).toBe(400);
    expect(r3.body.error.details[0].path).toBe('defaults.signatureHtml');
    const r4 = await fetch(`${s.url}/oauth/callback?code=x&state=x%00y`);
    expect(r4.status).toBe(400);
  });

  it('an unknown route → 404 JSON', async () => {
    const r = await s.api('GET', '/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});
