import { readFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

const NOREPLY = 'noreply@contoso.example';
const INVOICES = 'invoices@contoso.example';
const BOB = 'bob@contoso.example';
const ALERTS = 'alerts@contoso.example';
const ERP = 'erp@contoso.example';

/**
 * Issue 12, service mailboxes: the organisation app sends app-only (client-credentials grant) from
 * mailboxes nobody links, as Exchange allows it (RBAC for Applications scoped to noreply@), through
 * the API and the relay; out-of-scope mailboxes, tenant `common` and a missing permission get
 * their diagnoses. The emulator plays Entra ID and Exchange (docs/microsoft.md §7).
 */
describe('service mailboxes (app-only sending)', () => {
  let s: Stack;
  let noreply: string;
  let invoices: string;
  const appOnly = (over: Record<string, unknown> = {}) => s.configureApp({ appOnly: { enabled: true, tenant: s.tenantId }, ...over });
  const check = (body: Record<string, unknown> = {}) => s.api('POST', '/api/v1/microsoft-app/app-only/check', body);
  const inboxOf = (email: string, subject: string) => s.emulator.mailbox(email).inbox.filter((m) => m.message.subject === subject);
  const clientCredentialCalls = () => s.emulator.requests({ endpoint: 'token' }).filter((c) => c.form?.grant_type === 'client_credentials');

  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_RELAY_PORT: '0', MAILBRIDGE_RELAY_TLS_PORT: '0' } });
    for (const email of [NOREPLY, INVOICES, BOB, ALERTS]) s.emulator.createUser({ email, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
  }, 60_000);
  afterAll(() => s?.close());

  it('app-only needs one tenant: common, organizations and consumers → 400 app_only_tenant_required; a tenant ID is kept and shown', async () => {
    for (const tenant of ['common', 'organizations', 'Consumers']) {
      const r = await appOnly({ appOnly: { enabled: true, tenant } });
      expect(r.status, tenant).toBe(400);
      expect(r.body.error.diagnosis.code).toBe('app_only_tenant_required');
      expect(r.body.error.details).toEqual([{ path: 'appOnly.tenant', message: expect.stringContaining('tenant ID') }]);
    }
    expect((await s.api('GET', '/api/v1/microsoft-app')).body.appOnly).toBeNull();
    // While off, the check says so.
    expect((await check()).status).toBe(409);
    const saved = await appOnly();
    expect(saved.status).toBe(200);
    expect(saved.body.appOnly).toEqual({ enabled: true, tenant: s.tenantId });
    // The delegated tenant (for linking) is unchanged.
    expect(saved.body.tenant).toBe('common');
  });

  it('only an admin creates a service mailbox, never for a personal account, never with its own app or owner', async () => {
    const u = await s.api('POST', '/api/v1/users', { email: 'ann@contoso.example', name: 'Ann', role: 'user' });
    const annKey = (await s.api('POST', `/api/v1/users/${u.body.id}/api-keys`)).body.key as string;
    const byUser = await s.api('POST', '/api/v1/accounts', { email: NOREPLY, sendingMethod: 'graph_app' }, { key: annKey });
    expect(byUser.status).toBe(403);
    for (const email of ['someone@outlook.com', 'someone@hotmail.co.uk', 'someone@live.fr', 'someone@msn.com']) {
      const r = await s.api('POST', '/api/v1/accounts', { email, sendingMethod: 'graph_app' });
      expect(r.status, email).toBe(400);
      expect(r.body.error.diagnosis.code).toBe('personal_account_not_app_only');
    }
    expect((await s.api('POST', '/api/v1/accounts', { email: NOREPLY, sendingMethod: 'graph_app', userId: u.body.id })).status).toBe(400);
    expect((await s.api('POST', '/api/v1/accounts', { email: NOREPLY, sendingMethod: 'graph_app', app: { clientId: s.app.clientId, clientSecret: 'x' } })).status).toBe(400);
    const created = await s.api('POST', '/api/v1/accounts', { email: NOREPLY, sendingMethod: 'graph_app' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userId: null, sendingMethod: 'graph_app', status: 'not_linked', relinkNeededFor: [] });
    noreply = created.body.id;
    invoices = (await s.api('POST', '/api/v1/accounts', { email: INVOICES, sendingMethod: 'graph_app' })).body.id;
    // Admins see organisation accounts; users never do.
    expect((await s.api('GET', '/api/v1/accounts')).body.items.map((a: any) => a.id)).toEqual(expect.arrayContaining([noreply, invoices]));
    expect((await s.api('GET', '/api/v1/accounts', undefined, { key: annKey })).body.items).toEqual([]);
    expect((await s.api('GET', `/api/v1/accounts/${noreply}`, undefined, { key: annKey })).status).toBe(404);
    // Nothing to link; no switching to a delegated method.
    const link = await s.api('POST', `/api/v1/accounts/${noreply}/link`);
    expect(link.status).toBe(409);
    expect(link.body.error.message).toMatch(/service mailbox/);
    expect((await s.api('PATCH', `/api/v1/accounts/${noreply}`, { sendingMethod: 'graph' })).status).toBe(409);
  });

  it('no role at all: the token comes, and the test message gets app_only_permission_missing', async () => {
    const r = await check();
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ token: 'ok', tenant: s.tenantId });
    const sent = await check({ from: NOREPLY, to: BOB });
    expect(sent.status).toBe(200);
    expect(sent.body.token).toBe('ok');
    expect(sent.body.diagnosis.code).toBe('app_only_permission_missing');
    expect(sent.body.diagnosis.fix).toContain('New-ManagementRoleAssignment');
    expect(sent.body.diagnosis.fix).toContain(s.app.clientId);
    expect((await s.api('GET', `/api/v1/accounts/${noreply}`)).body.status).toBe('not_linked');
  });

  it('RBAC scoped to noreply@: it sends through the API with no linking, by /users/{address}, and is then linked', async () => {
    s.emulator.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.Send', mailboxes: [NOREPLY] });
    s.emulator.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.ReadWrite', mailboxes: [NOREPLY] });
    const before = clientCredentialCalls().length;
    const m = await s.send(noreply, { to: BOB, subject: 'From the service mailbox', text: 'no one signed in' });
    expect(m.status).toBe('accepted');
    expect(m.guarantee).toBe('exactly_once');
    expect(inboxOf(BOB, 'From the service mailbox')).toHaveLength(1);
    expect(s.emulator.mailbox(NOREPLY).drafts).toEqual([]);
    const paths = s.emulator.requests().map((c) => c.path);
    expect(paths.some((p) => p.includes(`/users/${encodeURIComponent(NOREPLY)}/messages`))).toBe(true);
    expect(paths.some((p) => p.startsWith('/v1.0/me'))).toBe(false);
    // Cached: one token for the messages that follow.
    await s.send(noreply, { to: BOB, subject: 'Second', text: '2' });
    expect(clientCredentialCalls().length - before).toBeLessThanOrEqual(1);
    const account = (await s.api('GET', `/api/v1/accounts/${noreply}`)).body;
    expect(account).toMatchObject({ status: 'linked', linkedAddress: NOREPLY });
    expect(account.lastError).toBeUndefined();
  });

  it('a mailbox outside the scope → mailbox_out_of_scope, on the message and the account', async () => {
    const m = await s.send(invoices, { to: BOB, subject: 'Out of scope', text: 'x' });
    expect(m.status).toBe('failed');
    expect(m.lastDiagnosis.code).toBe('mailbox_out_of_scope');
    expect(m.lastDiagnosis.cause).toContain(INVOICES);
    expect(m.lastDiagnosis.cause).toContain(NOREPLY);
    expect(inboxOf(BOB, 'Out of scope')).toEqual([]);
    const account = (await s.api('GET', `/api/v1/accounts/${invoices}`)).body;
    expect(account.status).toBe('not_linked');
    expect(account.lastError.code).toBe('mailbox_out_of_scope');
    // The check with this mailbox says the same.
    const r = await check({ from: INVOICES, to: BOB });
    expect(r.body.diagnosis.code).toBe('mailbox_out_of_scope');
  });

  it('with Application Mail.Send only, the refused draft turns into sendMail: at least once, and remembered', async () => {
    s.emulator.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.Send', mailboxes: [ALERTS] });
    const alerts = (await s.api('POST', '/api/v1/accounts', { email: ALERTS, sendingMethod: 'graph_app' })).body.id as string;
    expect((await s.api('GET', `/api/v1/accounts/${alerts}`)).body.deliveryGuarantee).toBe('exactly_once');
    const m = await s.send(alerts, { to: BOB, subject: 'Alert 1', text: 'disk full' });
    expect(m.status).toBe('accepted');
    expect(m.guarantee).toBe('at_least_once');
    expect(inboxOf(BOB, 'Alert 1')).toHaveLength(1);
    expect(s.emulator.requests({ endpoint: 'sendMail' }).some((c) => c.path.includes(`/users/${encodeURIComponent(ALERTS)}/sendMail`))).toBe(true);
    const account = (await s.api('GET', `/api/v1/accounts/${alerts}`)).body;
    expect(account).toMatchObject({ status: 'linked', deliveryGuarantee: 'at_least_once' });
  });

  it('the check sends a test message from the chosen service mailbox', async () => {
    const r = await check({ from: NOREPLY, to: BOB });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token: 'ok', tenant: s.tenantId, sent: { from: NOREPLY, accountId: noreply, status: 'accepted' } });
    expect(r.body.diagnosis).toBeUndefined();
  });

  it('a service mailbox that never sent sends through the relay with a relay credential, and is then linked', async () => {
    expect(s.relay?.tlsPort).toEqual(expect.any(Number));
    s.emulator.createUser({ email: ERP, tenantId: s.tenantId });
    s.emulator.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.Send', mailboxes: [ERP] });
    s.emulator.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.ReadWrite', mailboxes: [ERP] });
    const erp = (await s.api('POST', '/api/v1/accounts', { email: ERP, sendingMethod: 'graph_app' })).body.id as string;
    expect((await s.api('GET', `/api/v1/accounts/${erp}`)).body.status).toBe('not_linked');
    const cred = await s.api('POST', `/api/v1/accounts/${erp}/relay-credentials`, { description: 'ERP' });
    expect(cred.status).toBe(201);
    const ca = await readFile(path.join(s.dataDir, 'relay-tls', 'cert.pem'), 'utf8');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: s.relay!.tlsPort!, secure: true, auth: { user: cred.body.username, pass: cred.body.password }, authMethod: 'LOGIN', tls: { ca } });
    try {
      await transport.sendMail({ from: ERP, to: BOB, subject: 'Relayed from a service mailbox', text: 'from the ERP' });
    } finally {
      transport.close();
    }
    const deadline = Date.now() + 15_000;
    while (inboxOf(BOB, 'Relayed from a service mailbox').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(inboxOf(BOB, 'Relayed from a service mailbox')).toHaveLength(1);
    await expect.poll(async () => (await s.api('GET', `/api/v1/accounts/${erp}`)).body.status).toBe('linked');
  });

  it('a service mailbox has nothing to unlink: 409, and it keeps sending', async () => {
    const r = await s.api('POST', `/api/v1/accounts/${noreply}/unlink`);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/nothing to unlink/);
    expect((await s.api('GET', `/api/v1/accounts/${noreply}`)).body).toMatchObject({ status: 'linked', linkedAddress: NOREPLY });
  });

  it('a new address holds none of its queued messages, and shows linked once a send from it worked', async () => {
    const [first, second] = ['svc-one@contoso.example', 'svc-two@contoso.example'];
    for (const email of [first, second]) {
      s.emulator.createUser({ email, tenantId: s.tenantId });
      s.emulator.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.Send', mailboxes: [email] });
      s.emulator.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.ReadWrite', mailboxes: [email] });
    }
    const svc = (await s.api('POST', '/api/v1/accounts', { email: first, sendingMethod: 'graph_app' })).body.id as string;
    expect((await s.send(svc, { to: BOB, subject: 'From the first address', text: '1' })).status).toBe('accepted');
    expect((await s.api('GET', `/api/v1/accounts/${svc}`)).body).toMatchObject({ status: 'linked', linkedAddress: first });
    const later = await s.api('POST', `/api/v1/accounts/${svc}/messages`, { to: BOB, subject: 'Scheduled', text: 's', sendAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(later.status).toBe(202);
    const moved = await s.api('PATCH', `/api/v1/accounts/${svc}`, { email: second });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ email: second, status: 'not_linked' });
    // Not held: nothing to relink.
    expect((await s.api('GET', `/api/v1/messages/${later.body.id}`)).body).toMatchObject({ status: 'scheduled', lastDiagnosis: null });
    const m = await s.send(svc, { to: BOB, subject: 'From the second address', text: '2' });
    expect(m.status).toBe('accepted');
    expect(s.emulator.requests().some((c) => c.path.includes(`/users/${encodeURIComponent(second)}/`))).toBe(true);
    expect((await s.api('GET', `/api/v1/accounts/${svc}`)).body).toMatchObject({ status: 'linked', linkedAddress: second });
    expect((await s.api('POST', `/api/v1/messages/${later.body.id}/cancel`)).status).toBe(200);
  });

  it('an admin who queued from a service mailbox and is demoted sees, cancels and retries it no more', async () => {
    const dana = await s.api('POST', '/api/v1/users', { email: 'dana@contoso.example', name: 'Dana', role: 'user' });
    expect((await s.api('PATCH', `/api/v1/users/${dana.body.id}`, { role: 'admin' })).status).toBe(200);
    const key = (await s.api('POST', `/api/v1/users/${dana.body.id}/api-keys`)).body.key as string;
    const queued = await s.api('POST', `/api/v1/accounts/${noreply}/messages`, { to: BOB, subject: 'Queued by an admin', text: 'x', sendAt: new Date(Date.now() + 3_600_000).toISOString() }, { key });
    expect(queued.status).toBe(202);
    expect((await s.api('GET', `/api/v1/messages/${queued.body.id}`, undefined, { key })).status).toBe(200);
    expect((await s.api('PATCH', `/api/v1/users/${dana.body.id}`, { role: 'user' })).status).toBe(200);
    for (const [method, url] of [['GET', ''], ['POST', '/cancel'], ['POST', '/retry']] as const) {
      expect((await s.api(method, `/api/v1/messages/${queued.body.id}${url}`, undefined, { key })).status, `${method} ${url}`).toBe(404);
    }
    expect((await s.api('GET', '/api/v1/messages', undefined, { key })).body.items ?? []).toEqual([]);
    // An admin still does.
    expect((await s.api('POST', `/api/v1/messages/${queued.body.id}/cancel`)).status).toBe(200);
  });

  it('a certificate-authenticated app gets app-only tokens too', async () => {
    const made = await s.api('POST', '/api/v1/microsoft-app/certificate');
    expect(made.status).toBe(201);
    s.emulator.addCertificate(s.app.clientId, { pem: made.body.certificatePem });
    const before = clientCredentialCalls().length;
    const r = await check();
    expect(r.body).toEqual({ token: 'ok', tenant: s.tenantId });
    const calls = clientCredentialCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.form?.client_secret).toBeUndefined();
    expect(calls[0]!.form?.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(calls[0]!.form?.scope).toBe('https://graph.microsoft.com/.default');
    const m = await s.send(noreply, { to: BOB, subject: 'Signed by certificate', text: 'x' });
    expect(m.status).toBe('accepted');
  });
});
