import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { SessionClient } from '../support/session-client.js';

/**
 * Addresses and text that look like something else (issue 6): strict UTF-8, NFC, no invisible
 * characters in addresses, no bidi controls or broken characters in single-line text.
 */
describe('text and address hardening', () => {
  let s: Stack;
  let id: string;
  const alice = 'alice@contoso.example';
  const base = { to: 'bob@contoso.example', subject: 'Hello', text: 'Hi' };
  // Nothing sent means nothing queued: every message goes through the account's outbox first.
  const sends = async () => (await s.api('GET', `/api/v1/accounts/${id}/outbox?limit=100`)).body.items.length as number;
  const users = () => s.mb.store.users.count();
  const paths = (r: { body: { error?: { details?: Array<{ path: string }> } } }) => (r.body.error?.details ?? []).map((d) => d.path);

  beforeAll(async () => {
    s = await startStack();
    id = await s.linkedAccount(alice, ['bob@contoso.example']);
  });
  afterAll(() => s?.close());

  it('a zero-width twin of an existing user is refused, naming the character', async () => {
    expect((await s.api('POST', '/api/v1/users', { email: 'usera@probe.test' })).status).toBe(201);
    const before = await users();
    const r = await s.api('POST', '/api/v1/users', { email: 'usera\u200b@probe.test' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.details).toEqual([{ path: 'email', message: expect.stringContaining('U+200B') }]);
    expect(await users()).toBe(before);
  });

  it('addresses are one user whatever their case or Unicode form', async () => {
    const nfc = 'jos\u00e9@probe.test';
    const created = await s.api('POST', '/api/v1/users', { email: 'jose\u0301@probe.test' });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe(nfc);
    const before = await users();
    for (const twin of [nfc, 'JOS\u00c9@Probe.Test', 'JOSE\u0301@PROBE.TEST', 'UserA@Probe.Test']) {
      const r = await s.api('POST', '/api/v1/users', { email: twin });
      expect(r.status, twin).toBe(409);
    }
    expect(await users()).toBe(before);
  });

  it('signs in with the NFD, upper-case spelling of an NFC address', async () => {
    const u = await s.api('POST', '/api/v1/users', { email: 'zo\u00eb@contoso.example' });
    const link = await s.api('POST', `/api/v1/users/${u.body.id}/invitation`);
    const password = 'correct horse battery';
    const accepted = await new SessionClient(s.url).call('POST', '/api/v1/invitations/accept', { token: new URL(link.body.url).searchParams.get('token'), password });
    expect(accepted.status).toBe(200);
    const r = await new SessionClient(s.url).call('POST', '/api/v1/session', { email: 'ZOE\u0308@Contoso.Example', password });
    expect(r.status).toBe(200);
    expect(r.body.user.id).toBe(u.body.id);
  });

  it('links a mailbox whose Microsoft address is the NFD form of the account\'s NFC address', async () => {
    s.emulator.createUser({ email: 'rene\u0301@contoso.example', tenantId: s.tenantId });
    const account = await s.createAccount('Ren\u00e9@contoso.example');
    expect(account.email).toBe('Ren\u00e9@contoso.example');
    const page = await s.link(account.id, 'rene\u0301@contoso.example');
    expect(page.html).toContain('Linking successful!');
    expect((await s.api('GET', `/api/v1/accounts/${account.id}`)).body.status).toBe('linked');
  });

  it('invalid UTF-8 in a body → 400; nothing stored, nothing sent', async () => {
    const before = await users();
    // JSON with the bytes FF FE (never valid in UTF-8, RFC 3629 §1) where `%` stands.
    const bad = (json: string) => Buffer.from(json.replace('%', '\u00ff\u00fe'), 'latin1');
    const r1 = await s.api('POST', '/api/v1/users', undefined, { raw: bad('{"email":"bad%@contoso.example","role":"user"}') });
    expect(r1.status).toBe(400);
    expect(r1.body.error.code).toBe('invalid_request');
    expect(r1.body.error.message).toMatch(/UTF-8/);
    expect(await users()).toBe(before);
    const sent = await sends();
    const r2 = await s.api('POST', `/api/v1/accounts/${id}/messages`, undefined, { raw: bad('{"to":"bob@contoso.example","subject":"Hi %","text":"x"}') });
    expect(r2.status).toBe(400);
    expect(r2.body.error.code).toBe('invalid_request');
    expect(await sends()).toBe(sent);
  });

  it('invalid and empty JSON keep their own errors', async () => {
    const r1 = await s.api('POST', '/api/v1/users', undefined, { raw: '{"email":' });
    expect(r1.status).toBe(400);
    expect(r1.body.error.message).toMatch(/JSON/);
    const r2 = await s.api('POST', '/api/v1/users', undefined, { raw: '' });
    expect(r2.status).toBe(400);
    expect(r2.body.error.message).toMatch(/JSON/);
    const r3 = await s.api('POST', '/api/v1/users', undefined, { raw: '{"__proto__":{"role":"admin"},"email":"p@contoso.example"}' });
    expect(r3.status).toBe(400);
  });

  const rlo = '\u202e';
  const cases: Array<[string, unknown, string]> = [
    ['subject', { ...base, subject: `Invoice ${rlo}fdp.exe` }, 'subject'],
    ['display name', { ...base, to: { address: 'bob@contoso.example', name: `Bob ${rlo}` } }, 'to.name'],
    ['file name', { ...base, attachments: [{ filename: `photo${rlo}gpj.exe`, contentType: 'application/octet-stream', contentBase64: 'AAAA' }] }, 'attachments.0.filename'],
    ['header value', { ...base, headers: { 'X-Ref': `a${rlo}b` } }, 'headers.X-Ref'],
    ['recipient address', { ...base, cc: ['ok@contoso.example', 'b\u200bob@contoso.example'] }, 'cc.1'],
  ];

  it.each(cases)('a text-direction or invisible control in the %s → 400 naming it; nothing sent', async (_n, body, field) => {
    const before = await sends();
    const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(paths(r)).toContain(field);
    expect(await sends()).toBe(before);
  });

  it('a bidi override in a user name or sender name → 400 naming it; nothing stored', async () => {
    const before = await users();
    const r1 = await s.api('POST', '/api/v1/users', { email: 'mallory@contoso.example', name: `Mallory ${rlo}` });
    expect(r1.status).toBe(400);
    expect(paths(r1)).toContain('name');
    expect(await users()).toBe(before);
    const r2 = await s.api('PATCH', `/api/v1/accounts/${id}`, { defaults: { senderName: `Alice ${rlo}` } });
    expect(r2.status).toBe(400);
    expect(paths(r2)).toContain('defaults.senderName');
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.defaults.senderName).toBeNull();
  });

  it.each([
    ['subject', '{"to":"bob@contoso.example","subject":"Hi \\ud800","text":"x"}'],
    ['text', '{"to":"bob@contoso.example","subject":"Hi","text":"broken \\udc00 text"}'],
  ])('a lone surrogate in the %s → 400 naming it; nothing sent', async (field, raw) => {
    const before = await sends();
    const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, undefined, { raw });
    expect(r.status).toBe(400);
    expect(paths(r)).toContain(field);
    expect(r.body.error.details[0].message).toMatch(/broken character/);
    expect(await sends()).toBe(before);
  });

  it('emoji with zero-width joiners and NFD text are accepted, and sent in NFC', async () => {
    const name = '\u{1F469}\u200d\u{1F4BB} Ada';
    const u = await s.api('POST', '/api/v1/users', { email: 'ada@contoso.example', name });
    expect(u.status).toBe(201);
    expect(u.body.name).toBe(name);
    expect((await s.send(id, { to: { address: 'bob@contoso.example', name }, subject: 'Cafe\u0301', text: 'x' })).status).toBe('accepted');
    const m = s.emulator.mailbox('bob@contoso.example').inbox.at(-1)!.message as any;
    expect(m.subject).toBe('Caf\u00e9');
    expect(m.toRecipients).toEqual([{ emailAddress: { address: 'bob@contoso.example', name } }]);
  });
});
