import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startStack, type Stack } from '../support/stack.js';
import { startReceiver } from '../support/webhook-receiver.js';
import { createSelfSignedCertificate } from '../../server/src/platform/x509/self-signed-certificate.js';
import { checkSecretExpiry } from '../../server/src/core/apps/secret-expiry.js';

/** Issue 12, certificate credentials: the emulator checks client assertions as Entra ID does (docs/microsoft.md §7). */
describe('certificate credentials', () => {
  let s: Stack;
  const alice = 'alice@contoso.example';
  const bob = 'bob@contoso.example';
  const tokenCalls = () => s.emulator.requests({ endpoint: 'token' });

  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    for (const email of [alice, bob]) s.emulator.createUser({ email, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
  });
  afterAll(() => s?.close());

  it('a generated certificate, uploaded to the app, links a mailbox and sends, with no secret left', async () => {
    expect((await s.api('GET', '/api/v1/microsoft-app/certificate')).status).toBe(404);
    const made = await s.api('POST', '/api/v1/microsoft-app/certificate');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ certificatePem: expect.stringContaining('BEGIN CERTIFICATE'), thumbprintSha256: expect.any(String), thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/) });
    expect(JSON.stringify(made.body)).not.toContain('PRIVATE KEY');
    const expiresIn = new Date(made.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(364 * 86_400_000);
    // Uploaded in Entra ID (Certificates & secrets › Certificates › Upload certificate).
    const uploaded = s.emulator.addCertificate(s.app.clientId, { pem: made.body.certificatePem });
    expect(Buffer.from(made.body.thumbprintSha256, 'base64url').toString('hex').toUpperCase()).toBe(uploaded.thumbprintSha256);
    expect(made.body.thumbprint).toBe(uploaded.thumbprint);

    const removed = await s.api('PUT', '/api/v1/microsoft-app', { clientId: s.app.clientId, clientSecret: null });
    expect(removed.status).toBe(200);
    expect(removed.body.clientSecret).toEqual({ set: false });
    expect(removed.body.certificate).toEqual({ thumbprintSha256: made.body.thumbprintSha256, thumbprint: made.body.thumbprint, expiresAt: made.body.expiresAt });
    const view = await s.api('GET', '/api/v1/microsoft-app/certificate');
    expect(view.body).toMatchObject({ certificatePem: made.body.certificatePem, thumbprintSha256: made.body.thumbprintSha256 });
    expect(JSON.stringify(view.body)).not.toContain('PRIVATE KEY');

    const id = (await s.createAccount(alice)).id as string;
    const before = tokenCalls().length;
    const page = await s.link(id, alice);
    expect(page.html).toContain('Linking successful!');
    const sent = await s.send(id, { to: bob, subject: 'Signed with a certificate', text: 'hello' });
    expect(sent.status).toBe('accepted');

    const calls = tokenCalls().slice(before);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.form?.client_secret).toBeUndefined();
      expect(call.form?.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      const assertion = call.form!.client_assertion!;
      expect(decodeProtectedHeader(assertion)['x5t#S256']).toBe(made.body.thumbprintSha256);
      // aud is the token endpoint Mailbridge called, not the issuer.
      expect(decodeJwt(assertion).aud).toBe(`${s.emulator.url}/common/oauth2/v2.0/token`);
    }
  });

  it('the secret cannot be removed from an app without a certificate, and DELETE needs a secret to go back to', async () => {
    const del = await s.api('DELETE', '/api/v1/microsoft-app/certificate');
    expect(del.status).toBe(409);
    expect(del.body.error.message).toMatch(/no client secret/);
    expect((await s.api('GET', '/api/v1/microsoft-app/certificate')).status).toBe(200);
  });

  it('a certificate not uploaded in Entra ID → certificate_invalid on the link page and the account', async () => {
    const unknown = await createSelfSignedCertificate({ commonName: 'Not uploaded', validDays: 30 });
    const put = await s.api('PUT', '/api/v1/microsoft-app/certificate', { pem: unknown.certificatePem + unknown.privateKeyPem });
    expect(put.status).toBe(200);
    expect(put.body.thumbprintSha256).toBe(unknown.thumbprintSha256);
    const id = (await s.createAccount(alice)).id as string;
    const page = await s.link(id, alice);
    expect(page.html).toContain('certificate_invalid');
    expect(page.html).toContain('AADSTS700027');
    const account = (await s.api('GET', `/api/v1/accounts/${id}`)).body;
    expect(account.lastError.code).toBe('certificate_invalid');
    expect(account.lastError.diagnosis.fix).toContain('Certificates & secrets › Certificates');
  });

  it('a stored certificate past its expiry → certificate_expired, without asking Microsoft', async () => {
    const org = (await s.mb.store.apps.getOrganizationApp())!;
    await s.mb.store.apps.save({ ...org, certificate: { ...org.certificate!, expiresAt: new Date(Date.now() - 1000) } });
    const id = (await s.createAccount(alice)).id as string;
    const before = tokenCalls().length;
    const page = await s.link(id, alice);
    expect(page.html).toContain('certificate_expired');
    expect(tokenCalls().length).toBe(before);
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.lastError.code).toBe('certificate_expired');
    await s.mb.store.apps.save(org);
  });

  it('bad imports are refused with a reason, and nothing is stored', async () => {
    const current = (await s.api('GET', '/api/v1/microsoft-app/certificate')).body.thumbprintSha256;
    const a = await createSelfSignedCertificate({ commonName: 'A', validDays: 30 });
    const b = await createSelfSignedCertificate({ commonName: 'B', validDays: 30 });
    const cases: Array<[unknown, string]> = [
      [{ pem: 'not a certificate' }, 'no certificate found'],
      [{ pem: a.certificatePem + b.privateKeyPem }, 'does not belong'],
      [{ pem: a.certificatePem }, 'no private key'],
      [{ pfxBase64: Buffer.from('junk').toString('base64'), password: 'x' }, 'PKCS#12'],
      [{ pem: a.certificatePem + a.privateKeyPem, extra: 1 }, ''],
    ];
    for (const [body, words] of cases) {
      const r = await s.api('PUT', '/api/v1/microsoft-app/certificate', body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(JSON.stringify(r.body.error)).toContain(words);
    }
    expect((await s.api('GET', '/api/v1/microsoft-app/certificate')).body.thumbprintSha256).toBe(current);
  });

  it("an account's own app: 409 while it uses the organisation's, then its own certificate", async () => {
    const id = (await s.createAccount(alice)).id as string;
    const none = await s.api('POST', `/api/v1/accounts/${id}/app/certificate`);
    expect(none.status).toBe(409);
    const own = s.emulator.createApp({ tenantId: s.tenantId, redirectUris: [`${s.url}/oauth/callback`] });
    const secret = s.emulator.addSecret(own.clientId);
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { app: { clientId: own.clientId, clientSecret: secret.value } })).status).toBe(200);
    expect((await s.api('GET', `/api/v1/accounts/${id}/app/certificate`)).status).toBe(404);
    const made = await s.api('POST', `/api/v1/accounts/${id}/app/certificate`);
    expect(made.status).toBe(201);
    s.emulator.addCertificate(own.clientId, { pem: made.body.certificatePem });
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.app.certificate.thumbprintSha256).toBe(made.body.thumbprintSha256);
    const page = await s.link(id, alice);
    expect(page.html).toContain('Linking successful!');
    expect(tokenCalls().at(-1)!.form?.client_assertion).toBeDefined();
    expect((await s.api('DELETE', `/api/v1/accounts/${id}/app/certificate`)).status).toBe(204);
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.app.certificate).toBeNull();
  });

  it("an account's own app goes certificate-only with `clientSecret: null`, only while it has a certificate", async () => {
    const id = (await s.createAccount(alice)).id as string;
    const own = s.emulator.createApp({ tenantId: s.tenantId, redirectUris: [`${s.url}/oauth/callback`] });
    const secret = s.emulator.addSecret(own.clientId);
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { app: { clientId: own.clientId, clientSecret: secret.value } })).status).toBe(200);
    // No certificate yet: refused by its field, and the secret stays.
    const early = await s.api('PATCH', `/api/v1/accounts/${id}`, { app: { clientId: own.clientId, clientSecret: null } });
    expect(early.status).toBe(400);
    expect(early.body.error.details).toEqual([{ path: 'app.clientSecret', message: expect.stringContaining('certificate') }]);
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.app.clientSecret).toEqual({ set: true, last4: secret.value.slice(-4) });
    // A new account cannot start without a secret either.
    const created = await s.api('POST', '/api/v1/accounts', { email: bob, sendingMethod: 'graph', app: { clientId: own.clientId, clientSecret: null } });
    expect(created.status).toBe(400);

    const made = await s.api('POST', `/api/v1/accounts/${id}/app/certificate`);
    expect(made.status).toBe(201);
    s.emulator.addCertificate(own.clientId, { pem: made.body.certificatePem });
    const removed = await s.api('PATCH', `/api/v1/accounts/${id}`, { app: { clientId: own.clientId, clientSecret: null } });
    expect(removed.status).toBe(200);
    expect(removed.body.app).toMatchObject({ source: 'account', clientSecret: { set: false }, certificate: { thumbprintSha256: made.body.thumbprintSha256 } });
    const before = tokenCalls().length;
    expect((await s.link(id, alice)).html).toContain('Linking successful!');
    const calls = tokenCalls().slice(before);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.form?.client_secret).toBeUndefined();
    // With no secret to go back to, the certificate stays.
    expect((await s.api('DELETE', `/api/v1/accounts/${id}/app/certificate`)).status).toBe(409);
  });

  it('a certificate close to expiry raises certificate.expiring, once', async () => {
    let secret = '';
    const rx = await startReceiver({ secrets: () => [secret] });
    secret = (await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['certificate.expiring', 'certificate.expired'] })).body.secret;
    const soon = await createSelfSignedCertificate({ commonName: 'Expiring soon', validDays: 5 });
    expect((await s.api('PUT', '/api/v1/microsoft-app/certificate', { pem: soon.certificatePem + soon.privateKeyPem })).status).toBe(200);
    expect(await checkSecretExpiry(s.mb.deps)).toBe(1);
    expect(await checkSecretExpiry(s.mb.deps)).toBe(0);
    const deadline = Date.now() + 10_000;
    while (!rx.received.some((r) => r.body.type === 'certificate.expiring') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const got = rx.received.filter((r) => r.body.type === 'certificate.expiring');
    expect(got).toHaveLength(1);
    expect(got[0]!.body.data).toMatchObject({ thumbprintSha256: soon.thumbprintSha256, expiresAt: soon.notAfter.toISOString() });
    await rx.close();
  });

  it('no private key, PFX or password reaches the logs', () => {
    const logs = s.logs.join('');
    expect(logs).not.toMatch(/PRIVATE KEY|MII[A-Za-z0-9+/]{60}/);
  });
});

describe('certificate credentials on a server whose clock runs 10 minutes ahead', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ clock: { now: () => new Date(Date.now() + 10 * 60_000) } });
    s.emulator.createUser({ email: 'carol@contoso.example', tenantId: s.tenantId });
    await s.configureApp();
  });
  afterAll(() => s?.close());

  it('→ assertion_time_invalid (AADSTS700024)', async () => {
    const made = await s.api('POST', '/api/v1/microsoft-app/certificate');
    s.emulator.addCertificate(s.app.clientId, { pem: made.body.certificatePem });
    const id = (await s.createAccount('carol@contoso.example')).id as string;
    const page = await s.link(id, 'carol@contoso.example');
    expect(page.html).toContain('assertion_time_invalid');
    expect(page.html).toContain('AADSTS700024');
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.lastError.code).toBe('assertion_time_invalid');
  });
});
