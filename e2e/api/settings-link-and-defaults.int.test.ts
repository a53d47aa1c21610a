import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { SessionClient } from '../support/session-client.js';

describe('signed settings links', () => {
  let s: Stack;
  let ann: { id: string; account: string };
  let benAccount: string;

  beforeAll(async () => {
    s = await startStack();
    const mk = async (email: string) => {
      const u = await s.api('POST', '/api/v1/users', { email, role: 'user' });
      return { id: u.body.id as string, account: (await s.createAccount(email, { userId: u.body.id })).id as string };
    };
    ann = await mk('ann@contoso.example');
    benAccount = (await mk('ben@contoso.example')).account;
  });
  afterAll(() => s?.close());

  const mint = async (userId: string) => {
    const r = await s.api('POST', `/api/v1/users/${userId}/settings-link`);
    expect(r.status).toBe(201);
    return r.body as { url: string; expiresAt: string };
  };
  const open = async (url: string) => {
    const res = await fetch(url.replace('https://', 'http://'), { redirect: 'manual', headers: { 'accept-language': 'en' } });
    return { res, html: await res.text() };
  };

  it('only an admin mints one; it lives 5 minutes and points outside /api', async () => {
    const link = await mint(ann.id);
    expect(link.url).toMatch(new RegExp(`^${s.url}/settings-link/[A-Za-z0-9_-]{43}$`));
    const life = Date.parse(link.expiresAt) - Date.now();
    expect(life).toBeGreaterThan(4.9 * 60_000);
    expect(life).toBeLessThanOrEqual(5 * 60_000);
    const annKey = (await s.api('POST', `/api/v1/users/${ann.id}/api-keys`)).body.key;
    expect((await s.api('POST', `/api/v1/users/${ann.id}/settings-link`, undefined, { key: annKey })).status).toBe(403);
    expect((await s.api('POST', '/api/v1/users/missing/settings-link')).status).toBe(404);
  });

  it('opens a settings session once (302 to /settings), then says the link was used', async () => {
    const link = await mint(ann.id);
    const first = await open(link.url);
    expect(first.res.status).toBe(302);
    expect(first.res.headers.get('location')).toBe('/settings');
    expect(first.res.headers.get('cache-control')).toBe('no-store');
    const cookie = first.res.headers.getSetCookie().find((c) => c.startsWith('mb_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const again = await open(link.url);
    expect(again.res.status).toBe(400);
    expect(again.res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(again.html).toContain('already used');
    expect(again.res.headers.getSetCookie()).toEqual([]);
    const token = link.url.split('/').pop()!;
    expect(s.logs.join('\n')).not.toContain(token);
    expect(s.logs.join('\n')).toContain('/settings-link/[redacted]');
  });

  it('refuses an unknown or expired link with a page saying so (in Spanish too)', async () => {
    const unknown = await open(`${s.url}/settings-link/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(unknown.res.status).toBe(400);
    expect(unknown.html).toContain('not valid');
    expect(unknown.html).not.toContain('<script>');
    const link = await mint(ann.id);
    const realClock = s.mb.deps.clock;
    s.mb.deps.clock = { now: () => new Date(Date.now() + 5 * 60_000 + 1_000) };
    try {
      const expired = await open(link.url);
      expect(expired.res.status).toBe(400);
      expect(expired.html).toContain('expired');
    } finally {
      s.mb.deps.clock = realClock;
    }
    const es = await fetch(link.url, { redirect: 'manual', headers: { 'accept-language': 'es' } });
    expect(es.status).toBe(302); // not spent by the expired attempt
    const used = await fetch(link.url, { redirect: 'manual', headers: { 'accept-language': 'es' } });
    expect(await used.text()).toContain('ya se usó');
  });

  it("reaches only the user's own mail settings: other accounts 404, admin and other endpoints 403", async () => {
    const c = new SessionClient(s.url);
    c.take((await open((await mint(ann.id)).url)).res);
    const session = await c.call('GET', '/api/v1/session');
    expect(session.body).toMatchObject({ scope: 'settings', user: { id: ann.id } });
    expect((await c.call('GET', '/api/v1/me')).body.email).toBe('ann@contoso.example');
    expect((await c.call('GET', '/api/v1/accounts')).body.items.map((a: any) => a.id)).toEqual([ann.account]);
    expect((await c.call('GET', `/api/v1/accounts/${benAccount}`)).status).toBe(404);
    expect((await c.call('PATCH', `/api/v1/accounts/${ann.account}`, { defaults: { senderName: 'Ann' } })).body.defaults.senderName).toBe('Ann');
    expect((await c.call('POST', '/api/v1/me/api-keys')).status).toBe(201);
    expect((await c.call('GET', '/api/v1/me/api-keys')).status).toBe(200);
    for (const [method, path, body] of [
      ['GET', '/api/v1/users', undefined],
      ['GET', '/api/v1/microsoft-app', undefined],
      ['PUT', '/api/v1/microsoft-app', { clientId: s.app.clientId }],
      ['POST', `/api/v1/users/${ann.id}/settings-link`, undefined],
      ['POST', '/api/v1/me/password', { currentPassword: 'x', newPassword: 'long enough password' }],
    ] as const) {
      expect((await c.call(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
  });

  it("an admin's settings session is limited too: it sees only the admin's own accounts", async () => {
    const root = await s.api('POST', '/api/v1/users', { email: 'boss@contoso.example', role: 'admin' });
    const c = new SessionClient(s.url);
    c.take((await open((await mint(root.body.id)).url)).res);
    expect((await c.call('GET', '/api/v1/accounts')).body).toEqual({ items: [], nextCursor: null });
    expect((await c.call('GET', `/api/v1/accounts/${ann.account}`)).status).toBe(404);
    expect((await c.call('GET', '/api/v1/users')).status).toBe(403);
    // An API key would carry the admin role: a settings session cannot mint one.
    expect((await c.call('POST', '/api/v1/me/api-keys')).status).toBe(403);
  });
});

describe('default sending values', () => {
  let s: Stack;
  let accountId: string;
  const alice = 'alice@contoso.example';
  const bob = 'bob@contoso.example';
  const defaults = { senderName: 'Ventas ACME', replyTo: 'sales@contoso.example', signatureHtml: '<p>Alice &amp; team<br>ACME</p>', copyToSelf: true };

  beforeAll(async () => {
    s = await startStack();
    s.emulator.createUser({ email: alice, displayName: 'Alice Martín', tenantId: s.tenantId });
    s.emulator.createUser({ email: bob, displayName: 'Bob', tenantId: s.tenantId });
    await s.configureApp();
    const account = await s.createAccount(alice, { defaults: { senderName: 'Old name' } });
    accountId = account.id;
    expect(account.defaults).toEqual({ senderName: 'Old name', replyTo: null, signatureHtml: null, copyToSelf: false });
    const page = await s.link(accountId, alice);
    expect(page.html).toContain('Linking successful!');
  });
  afterAll(() => s?.close());

  it('are read and changed with the account (absent fields stay, null clears)', async () => {
    const r = await s.api('PATCH', `/api/v1/accounts/${accountId}`, { defaults });
    expect(r.status).toBe(200);
    expect(r.body.defaults).toEqual(defaults);
    const partial = await s.api('PATCH', `/api/v1/accounts/${accountId}`, { defaults: { replyTo: null } });
    expect(partial.body.defaults).toEqual({ ...defaults, replyTo: null });
    await s.api('PATCH', `/api/v1/accounts/${accountId}`, { defaults: { replyTo: defaults.replyTo } });
    expect((await s.api('PATCH', `/api/v1/accounts/${accountId}`, { defaults: { replyTo: 'not an address' } })).status).toBe(400);
  });

  it('are applied to a message that leaves them out: sender name, reply-to, signature, Bcc to self', async () => {
    expect((await s.send(accountId, { to: bob, subject: 'Quote', html: '<p>Here is the quote.</p>' })).status).toBe('accepted');
    const m = s.emulator.mailbox(bob).inbox.at(-1)!.message as any;
    expect(m.from).toEqual({ emailAddress: { address: alice, name: 'Ventas ACME' } });
    expect(m.replyTo).toEqual([{ emailAddress: { address: 'sales@contoso.example' } }]);
    expect(m.body.content).toBe('<p>Here is the quote.</p>\n<div class="mailbridge-signature"><p>Alice &amp; team<br>ACME</p></div>');
    const sent = s.emulator.mailbox(alice).sentItems.at(-1)!.message as any;
    expect(sent.bccRecipients).toEqual([{ emailAddress: { address: alice } }]);
    expect(s.emulator.mailbox(alice).inbox.at(-1)!.message.subject).toBe('Quote');
  });

  it("never override what the caller gave, and sign plain text after '-- '", async () => {
    expect((await s.send(accountId, { to: bob, bcc: alice, replyTo: 'me@contoso.example', subject: 'Plain', text: 'Hello' })).status).toBe('accepted');
    const m = s.emulator.mailbox(bob).inbox.at(-1)!.message as any;
    expect(m.replyTo).toEqual([{ emailAddress: { address: 'me@contoso.example' } }]);
    expect(m.body).toEqual({ contentType: 'Text', content: 'Hello\n\n-- \nAlice & team\nACME' });
    const sent = s.emulator.mailbox(alice).sentItems.at(-1)!.message as any;
    expect(sent.bccRecipients).toEqual([{ emailAddress: { address: alice } }]);
  });
});
