import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { databases } from '../support/databases.js';

describe.each(databases())('link a mailbox and send through Graph ($name)', (db) => {
  let s: Stack;
  let accountId: string;
  const alice = 'alice@contoso.example';
  const bob = 'bob@contoso.example';

  beforeAll(async () => {
    s = await startStack(await db.options());
    s.emulator.createUser({ email: alice, displayName: 'Alice Martín', tenantId: s.tenantId });
    s.emulator.createUser({ email: bob, displayName: 'Bob', tenantId: s.tenantId });
  });
  afterAll(async () => {
    await s?.close();
    await db.cleanup();
  });

  it('configures the organisation app and shows the secret only as a hint', async () => {
    const r = await s.configureApp({ clientSecretExpiresAt: '2027-06-30T00:00:00Z' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ cloud: 'global', tenant: 'common', clientId: s.app.clientId, clientSecret: { set: true, last4: s.app.secret.slice(-4) }, redirectUri: `${s.url}/oauth/callback` });
    expect(JSON.stringify(r.body)).not.toContain(s.app.secret);
    const read = await s.api('GET', '/api/v1/microsoft-app');
    expect(read.body.clientSecret).toEqual({ set: true, last4: s.app.secret.slice(-4) });
  });

  it('creates an account that is not linked yet', async () => {
    const account = await s.createAccount(alice);
    accountId = account.id;
    expect(account).toMatchObject({ email: alice, sendingMethod: 'graph', status: 'not_linked', redirectUri: `${s.url}/oauth/callback`, app: { source: 'organization' } });
  });

  it('refuses to send before linking', async () => {
    const r = await s.api('POST', `/api/v1/accounts/${accountId}/test`, { to: bob });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('not_linked');
  });

  it('starts linking with PKCE, state, login_hint, prompt and the Graph scopes', async () => {
    const started = await s.api('POST', `/api/v1/accounts/${accountId}/link`);
    expect(started.status).toBe(200);
    expect(started.body.redirectUri).toBe(`${s.url}/oauth/callback`);
    expect(started.body.authorizeUrl).toMatch(new RegExp(`^${s.url}/oauth/start/[A-Za-z0-9_-]{40,}$`));
    const expires = Date.parse(started.body.expiresAt) - Date.now();
    expect(expires).toBeGreaterThan(9 * 60_000);
    expect(expires).toBeLessThanOrEqual(10 * 60_000);
    const res = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin + to.pathname).toBe(`${s.emulator.url}/common/oauth2/v2.0/authorize`);
    const q = to.searchParams;
    expect(q.get('client_id')).toBe(s.app.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('redirect_uri')).toBe(`${s.url}/oauth/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(q.get('login_hint')).toBe(alice);
    expect(q.get('prompt')).toBe('select_account');
    // Mail.ReadWrite (asked for by default) lets sending go through drafts: exactly once.
    expect(q.get('scope')!.split(' ').sort()).toEqual(['Mail.ReadWrite', 'Mail.Send', 'User.Read', 'email', 'offline_access', 'openid', 'profile'].sort());
    // The ticket is single use: a second open (a forwarded URL) is refused.
    const again = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('state_invalid');
  });

  it('links through sign-in and consent, and the page tells its opener and closes', async () => {
    const page = await s.link(accountId, alice);
    expect(page.url.startsWith(`${s.url}/oauth/callback?`)).toBe(true);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Linking successful!');
    expect(page.html).toContain(`The account ${alice} has been linked correctly.`);
    expect(page.html).toContain('Closing this window…');
    expect(page.html).toContain(`postMessage(msg, origin)`);
    expect(page.html).toContain(JSON.stringify(s.url));
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    const account = (await s.api('GET', `/api/v1/accounts/${accountId}`)).body;
    expect(account).toMatchObject({ status: 'linked', linkedAddress: alice });
    expect(Date.parse(account.linkedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(account.lastError).toBeUndefined();
  });

  it('sends a test email that Microsoft accepts (and says only that)', async () => {
    const r = await s.api('POST', `/api/v1/accounts/${accountId}/test`, { to: bob });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ id: expect.any(String), status: 'accepted' });
    const inbox = s.emulator.mailbox(bob).inbox;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.message.subject).toBe('Mailbridge test email');
    expect(inbox[0]!.message.toRecipients).toEqual([{ emailAddress: { address: bob } }]);
  });

  it('sends a full message: recipients with names, HTML, attachments and headers arrive exactly', async () => {
    const pdf = Buffer.from('%PDF-1.4 fake invoice ' + 'x'.repeat(2000));
    const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const r = await s.api('POST', `/api/v1/accounts/${accountId}/messages`, {
      to: [{ address: bob, name: 'Bob Builder' }, 'carol@fabrikam.example'],
      cc: { address: 'dave@fabrikam.example', name: 'Dave' },
      bcc: 'erin@fabrikam.example',
      replyTo: { address: 'sales@contoso.example', name: 'Sales' },
      subject: 'Invoice 2026-11 — €120',
      text: 'plain version',
      html: '<p>Hello <b>Bob</b> <img src="cid:logo1"></p>',
      attachments: [
        { filename: 'invoice.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
        { filename: 'logo.png', contentType: 'image/png', contentBase64: logo.toString('base64'), inline: true, contentId: 'logo1' },
      ],
      headers: { 'X-Invoice-Id': 'INV-42', 'X-Tenant': 'acme' },
    });
    // Answered once committed; Microsoft sees it a moment later.
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ id: expect.any(String), status: 'queued' });
    const view = await s.waitForMessage(r.body.id);
    expect(view).toMatchObject({ id: r.body.id, accountId, status: 'accepted', attempts: 1, lastDiagnosis: null, guarantee: 'exactly_once', recipientCount: 4 });
    // Accepted exactly once, through a draft, under the Message-ID Mailbridge generated.
    expect(s.emulator.accepted({ internetMessageId: view.internetMessageId })).toMatchObject([{ mailbox: alice, via: 'draft' }]);
    expect(s.emulator.mailbox(alice).drafts).toEqual([]);
    const inbox = s.emulator.mailbox(bob).inbox;
    const m = inbox[inbox.length - 1]!.message as any;
    expect(m.subject).toBe('Invoice 2026-11 — €120');
    expect(m.body).toEqual({ contentType: 'HTML', content: '<p>Hello <b>Bob</b> <img src="cid:logo1"></p>' });
    expect(m.toRecipients).toEqual([{ emailAddress: { address: bob, name: 'Bob Builder' } }, { emailAddress: { address: 'carol@fabrikam.example' } }]);
    expect(m.ccRecipients).toEqual([{ emailAddress: { address: 'dave@fabrikam.example', name: 'Dave' } }]);
    // Bcc is not shown to the other recipients, but the sender's Sent Items keep it.
    expect(m.bccRecipients ?? []).toEqual([]);
    expect(m.replyTo).toEqual([{ emailAddress: { address: 'sales@contoso.example', name: 'Sales' } }]);
    expect(m.internetMessageHeaders).toEqual([{ name: 'X-Invoice-Id', value: 'INV-42' }, { name: 'X-Tenant', value: 'acme' }]);
    expect(m.attachments).toHaveLength(2);
    expect(m.attachments![0]).toMatchObject({ name: 'invoice.pdf', contentType: 'application/pdf', contentBytes: pdf.toString('base64'), isInline: false });
    expect(m.attachments![1]).toMatchObject({ name: 'logo.png', contentType: 'image/png', contentBytes: logo.toString('base64'), isInline: true, contentId: 'logo1' });
    const sent = s.emulator.mailbox(alice).sentItems.at(-1)!.message as any;
    expect(sent.subject).toBe('Invoice 2026-11 — €120');
    expect(sent.bccRecipients).toEqual([{ emailAddress: { address: 'erin@fabrikam.example' } }]);
  });

  it('unlinks: tokens deleted, settings kept', async () => {
    const r = await s.api('POST', `/api/v1/accounts/${accountId}/unlink`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'not_linked', email: alice, app: { source: 'organization', clientId: s.app.clientId } });
    expect(r.body.linkedAddress).toBeUndefined();
    expect(await s.mb.store.tokens.get(accountId)).toBeNull();
    const send = await s.api('POST', `/api/v1/accounts/${accountId}/test`, { to: bob });
    expect(send.body.error.code).toBe('not_linked');
  });
});
