import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { databases } from '../support/databases.js';

/** The NocoBase seed's permission list, as the authorize URL must carry it (issue 10). */
const SMTP_IMAP_SCOPES = [
  'openid', 'profile', 'email', 'offline_access',
  'https://outlook.office.com/SMTP.Send', 'https://outlook.office.com/IMAP.AccessAsUser.All', 'https://graph.microsoft.com/User.Read',
];
const OUTLOOK = 'https://outlook.office.com';

describe.each(databases())('link with SMTP + IMAP and send through SMTP with XOAUTH2 ($name)', (db) => {
  let s: Stack;
  let id: string;
  const alice = 'alice@contoso.example';
  const bob = 'bob@contoso.example';
  const carol = 'carol@contoso.example';
  const support = 'support@contoso.example';
  // Open SMTP sessions stay signed in (Exchange checks the token at AUTH): a fault at sign-in needs new ones.
  const closeSmtpSessions = () => (s.mb.deps.outbox.methods.smtp_imap.sender as unknown as { close(): Promise<void> }).close();
  const refreshes = () => s.emulator.requests({ endpoint: 'token' }).filter((r) => r.form?.grant_type === 'refresh_token');

  beforeAll(async () => {
    s = await startStack(await db.options());
    for (const email of [bob, carol, support]) s.emulator.createUser({ email, tenantId: s.tenantId });
    s.emulator.createUser({ email: alice, displayName: 'Alice Martín', tenantId: s.tenantId, sendAs: [support] });
    expect((await s.configureApp()).status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
    await db.cleanup();
  });

  it('asks for exactly the NocoBase permissions, redeems for Exchange Online, and reads the address with a Graph token', async () => {
    id = (await s.createAccount(alice, { sendingMethod: 'smtp_imap' })).id;
    const started = await s.api('POST', `/api/v1/accounts/${id}/link`);
    const res = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
    const scope = new URL(res.headers.get('location')!).searchParams.get('scope')!;
    expect(scope.split(' ').sort()).toEqual([...SMTP_IMAP_SCOPES].sort());

    const page = await s.link(id, alice);
    expect(page.html).toContain('Linking successful!');
    const account = (await s.api('GET', `/api/v1/accounts/${id}`)).body;
    expect(account).toMatchObject({ sendingMethod: 'smtp_imap', status: 'linked', linkedAddress: alice, deliveryGuarantee: 'at_least_once' });
    // The code bought Exchange Online's token (one resource per token request); Graph's came from the refresh token.
    const tokenCalls = s.emulator.requests({ endpoint: 'token' });
    const redeem = tokenCalls.find((r) => r.form?.grant_type === 'authorization_code')!;
    expect(redeem.form!.scope!.split(' ').filter((x) => x.includes('://')).sort()).toEqual([`${OUTLOOK}/IMAP.AccessAsUser.All`, `${OUTLOOK}/SMTP.Send`]);
    expect(refreshes().map((r) => r.form!.scope)).toEqual([expect.stringContaining('https://graph.microsoft.com/User.Read')]);
    const scopes = await s.mb.store.tokens.scopes(id);
    expect(scopes.outlook).toContain('SMTP.Send');
    expect(scopes.graph).toContain('User.Read');
    expect(scopes.graph).not.toContain('SMTP.Send');
    // Graph's Mail.Send was never granted: switching to Graph would need a relink, and the page can say so.
    expect(account.relinkNeededFor).toEqual(['graph']);
  });

  it('sends through SMTP: envelope, headers, Bcc only in the envelope, an attachment; only Exchange Online tokens ever reach SMTP', async () => {
    const bytes = Buffer.from('%PDF-1.4 invoice 42\n'.repeat(200));
    const m = await s.send(id, {
      to: { address: bob, name: 'Bob' },
      bcc: carol,
      subject: 'Factura 42 — ¡gracias!',
      text: 'Adjunta la factura.',
      html: '<p>Adjunta la <b>factura</b>.</p>',
      headers: { 'X-Mailbridge-Test-Marker': 'smtp-1' },
      attachments: [{ filename: 'factura-42.pdf', contentType: 'application/pdf', contentBase64: bytes.toString('base64') }],
    });
    expect(m).toMatchObject({ status: 'accepted', guarantee: 'at_least_once' });
    const [accepted] = s.emulator.accepted({ internetMessageId: m.internetMessageId });
    expect(accepted).toMatchObject({ mailbox: alice, via: 'smtp', from: alice, marker: 'smtp-1' });
    expect(accepted!.envelope!.mailFrom.toLowerCase()).toBe(alice);
    expect(accepted!.envelope!.rcptTo.map((a) => a.toLowerCase()).sort()).toEqual([bob, carol]);
    expect(accepted!.attachments).toEqual([expect.objectContaining({ name: 'factura-42.pdf', size: bytes.length })]);
    const inbox = s.emulator.mailbox(bob).inbox.map((x) => x.message);
    const copy = inbox.find((x) => x.internetMessageId === m.internetMessageId)!;
    expect(copy.subject).toBe('Factura 42 — ¡gracias!');
    expect(JSON.stringify(copy)).not.toContain(carol); // Bcc never in the headers
    const sessions = s.emulator.smtpSessions();
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) {
      expect(session.user?.toLowerCase()).toBe(alice);
      expect(session.audience).toBe(OUTLOOK);
      expect(session.tls).toBe(true);
    }
  });

  it("an SMTP account's concurrency stays within Exchange Online's 3 connections per mailbox", async () => {
    const r = await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: { concurrency: 8 } });
    expect(r.body.limits.concurrency).toBe(3);
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: null })).body.limits.concurrency).toBe(3);
  });

  it('a 6 MB file goes over SMTP in the message itself: no upload session, no Mail.ReadWrite', async () => {
    const bytes = Buffer.alloc(6 * 1024 * 1024, 7);
    const m = await s.send(id, { to: bob, subject: 'big file over SMTP', text: 'attached', attachments: [{ filename: 'big.bin', contentBase64: bytes.toString('base64') }] });
    expect(m.status).toBe('accepted');
    const [file] = s.emulator.attachments(bob, m.internetMessageId);
    expect(file).toMatchObject({ name: 'big.bin', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(s.emulator.requests({ endpoint: 'createUploadSession' })).toHaveLength(0);
  });

  it('a Graph token offered to SMTP is refused (535 5.7.3); one refresh brings an Exchange Online token and the message goes', async () => {
    // A mix-up planted on purpose: the Exchange Online row holds the Graph token.
    const graph = (await s.mb.store.tokens.get(id, 'graph'))!;
    await s.mb.store.tokens.save(id, graph, 'outlook');
    s.mb.deps.tokens.forget(id);
    const before = refreshes().length;
    const sessionsBefore = s.emulator.smtpSessions().length;
    const m = await s.send(id, { to: bob, subject: 'after a mix-up', text: 'hello' });
    expect(m.status).toBe('accepted');
    expect(refreshes().length - before).toBe(1);
    const sessions = s.emulator.smtpSessions().slice(sessionsBefore);
    expect(sessions[0]).toMatchObject({ audience: 'https://graph.microsoft.com', outcome: 'refused' });
    expect(sessions[0]!.replies.join('\n')).toContain('535 5.7.3 Authentication unsuccessful');
    expect(sessions.at(-1)).toMatchObject({ audience: OUTLOOK, outcome: 'authenticated' });
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.status).toBe('linked');
  });

  it('refused again after that one refresh, the account needs relinking; the message waits for it', async () => {
    await closeSmtpSessions();
    s.emulator.injectSmtpFault({ stage: 'auth', mailbox: alice, times: 2, code: 535, text: '5.7.3 Authentication unsuccessful [MW4PR03CA0001.namprd03.prod.outlook.com]' });
    // Fresh tokens in hand: the first refusal refreshes, the second marks the account.
    const before = refreshes().length;
    const m = await s.send(id, { to: bob, subject: 'refused twice', text: 'hello' });
    expect(m.status).toBe('queued');
    expect(m.lastDiagnosis.code).toBe('unknown');
    expect(refreshes().length - before).toBe(1);
    const account = (await s.api('GET', `/api/v1/accounts/${id}`)).body;
    expect(account.status).toBe('reconnect_needed');
    expect(account.lastError.message).toContain("Exchange Online's SMTP server refused a freshly refreshed token");
    // Only a relink lifts this hold: a retry by hand is refused.
    expect((await s.api('POST', `/api/v1/messages/${m.id}/retry`)).status).toBe(409);
    expect((await s.link(id, alice)).html).toContain('Linking successful!');
    expect((await s.waitForMessage(m.id, { until: (x) => x.status === 'accepted' })).status).toBe('accepted');
  });

  it('SMTP AUTH switched off: the message is held with smtp_auth_disabled and its fix; the switch to Graph sends it once Mail.Send is granted', async () => {
    s.emulator.updateUser(alice, { smtpAuthDisabled: true });
    await closeSmtpSessions();
    const m = await s.send(id, { to: bob, subject: 'held by SMTP AUTH', text: 'hello' });
    expect(m.status).toBe('queued');
    expect(m.lastDiagnosis.code).toBe('smtp_auth_disabled');
    const account = (await s.api('GET', `/api/v1/accounts/${id}`)).body;
    expect(account.lastError.diagnosis.code).toBe('smtp_auth_disabled');
    expect(account.lastError.diagnosis.fix).toContain('switch this account to Graph sending, or ask the admin to enable authenticated SMTP for this mailbox'.replace(/^s/, 'S'));
    expect(account.lastError.message).toContain('5.7.139');

    // The organisation's admin consented to Mail.Send for everyone: the switch needs no relink.
    s.emulator.grantConsent({ clientId: s.app.clientId, scopes: ['https://graph.microsoft.com/Mail.Send'] });
    const switched = await s.api('PATCH', `/api/v1/accounts/${id}`, { sendingMethod: 'graph' });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ sendingMethod: 'graph', status: 'linked' });
    expect(switched.body.lastError).toBeUndefined();
    const sent = await s.waitForMessage(m.id, { until: (x) => x.status === 'accepted' });
    expect(s.emulator.accepted({ internetMessageId: sent.internetMessageId })[0]?.via).not.toBe('smtp');
  });

  it('held by smtp_auth_disabled, a message goes once the admin enabled SMTP AUTH and it is retried', async () => {
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { sendingMethod: 'smtp_imap' })).body).toMatchObject({ status: 'linked' });
    await closeSmtpSessions();
    const m = await s.send(id, { to: bob, subject: 'waits for the admin', text: 'hello' });
    expect(m.lastDiagnosis.code).toBe('smtp_auth_disabled');
    s.emulator.updateUser(alice, { smtpAuthDisabled: false });
    expect((await s.api('POST', `/api/v1/messages/${m.id}/retry`)).status).toBe(200);
    const sent = await s.waitForMessage(m.id, { until: (x) => x.status === 'accepted' });
    expect(s.emulator.accepted({ internetMessageId: sent.internetMessageId })[0]?.via).toBe('smtp');
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.lastError).toBeUndefined();
  });

  it('switching back to SMTP needs no relink: Exchange Online\'s permissions are still granted', async () => {
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { sendingMethod: 'graph' })).body).toMatchObject({ status: 'linked', relinkNeededFor: [] });
    const back = await s.api('PATCH', `/api/v1/accounts/${id}`, { sendingMethod: 'smtp_imap' });
    expect(back.body).toMatchObject({ sendingMethod: 'smtp_imap', status: 'linked', relinkNeededFor: [] });
    const m = await s.send(id, { to: bob, subject: 'back on SMTP', text: 'hello' });
    expect(m.status).toBe('accepted');
    expect(s.emulator.accepted({ internetMessageId: m.internetMessageId })[0]?.via).toBe('smtp');
  });

  it('sends as a shared mailbox over SMTP: signed in as the delegate, From: the shared address; any other from is a 400', async () => {
    const patched = await s.api('PATCH', `/api/v1/accounts/${id}`, { sendAs: [support, 'SUPPORT@contoso.example', alice] });
    expect(patched.body.sendAs).toEqual([support]);
    const m = await s.send(id, { from: { address: support, name: 'Contoso Support' }, to: bob, subject: 'from the shared mailbox', text: 'hello' });
    expect(m.status).toBe('accepted');
    const [accepted] = s.emulator.accepted({ internetMessageId: m.internetMessageId });
    expect(accepted).toMatchObject({ mailbox: alice, via: 'smtp', from: support });
    expect(accepted!.envelope!.mailFrom.toLowerCase()).toBe(support);
    expect(s.emulator.smtpSessions().at(-1)!.user?.toLowerCase()).toBe(alice);

    const refused = await s.api('POST', `/api/v1/accounts/${id}/messages`, { from: 'ceo@contoso.example', to: bob, subject: 'x', text: 'y' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'from' })]);
  });

  it('a shared mailbox the delegate has no Send As right on: send_as_denied', async () => {
    await s.api('PATCH', `/api/v1/accounts/${id}`, { sendAs: [support, carol] });
    const m = await s.send(id, { from: carol, to: bob, subject: 'not allowed', text: 'hello' });
    expect(m.status).toBe('failed');
    expect(m.lastDiagnosis.code).toBe('send_as_denied');
  });

  it('sends as a shared mailbox through Graph, linking with Mail.Send.Shared', async () => {
    const dave = 'dave@contoso.example';
    s.emulator.createUser({ email: dave, tenantId: s.tenantId, sendAs: [support] });
    const graphId = (await s.createAccount(dave, { sendAs: [support] })).id;
    const started = await s.api('POST', `/api/v1/accounts/${graphId}/link`);
    const res = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('scope')!.split(' ')).toContain('Mail.Send.Shared');
    expect((await s.link(graphId, dave)).html).toContain('Linking successful!');
    const m = await s.send(graphId, { from: support, to: bob, subject: 'shared through Graph', text: 'hello' });
    expect(m.status).toBe('accepted');
    expect(s.emulator.accepted({ internetMessageId: m.internetMessageId })[0]).toMatchObject({ mailbox: dave, from: support });
    const refused = await s.api('POST', `/api/v1/accounts/${graphId}/messages`, { from: carol, to: bob, subject: 'x', text: 'y' });
    expect(refused.status).toBe(400);
  });
});
