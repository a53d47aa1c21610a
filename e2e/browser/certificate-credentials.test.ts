import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, shot } from '../support/chromium.js';
import { ADMIN_EMAIL, errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { createSelfSignedCertificate } from '../../server/src/platform/x509/self-signed-certificate.js';

const ANA = 'ana@contoso.example';
const BEN = 'ben@contoso.example';

const axeProblems = async (p: Page) => (await axeSerious(p)).map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
/** The refusals the test provokes (a bad PEM: 400; removing the certificate without a secret: 409) are logged by Chromium; nothing else may be. */
const unexpectedErrors = (p: Page) => errorsOf(p).filter((e) => !/(400 \(Bad Request\)|409 \(Conflict\)).*\/api\/v1\/(microsoft-app|accounts\/[^/]+\/app)\/certificate/.test(e));

/**
 * Issue 12, certificate credentials in the web UI: the admin generates the organisation app's
 * certificate, downloads the public part (uploaded to the emulator as to Entra ID), removes the
 * client secret, links a mailbox and sends a test email with the certificate alone; a bad PEM is
 * refused by its field; removing the certificate without a secret says why; expiry banners; the
 * page in Spanish; and an account's own app gets the same block.
 */
describe('certificate credentials in the web UI (browser)', () => {
  let b: BrowserStack;
  let page: Page;
  let accountId = '';
  let clientId = '';
  const orgApp = async () => (await b.s.api('GET', '/api/v1/microsoft-app')).body;

  beforeAll(async () => {
    b = await startBrowserStack();
    const { s } = b;
    for (const email of [ANA, BEN]) s.emulator.createUser({ email, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
    clientId = s.app.clientId;
    const adminId = (await s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id as string;
    accountId = (await s.createAccount(ANA, { userId: adminId })).id as string;
    page = await (await b.context('en-US')).newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
  });

  it('generates a certificate in the admin area and downloads the public certificate, which Entra ID accepts', async () => {
    await page.goto(`${b.s.url}/admin`);
    const panel = page.getByTestId('org-cert-panel');
    await expect.poll(() => panel.getAttribute('data-state')).toBe('none');
    expect(await page.getByTestId('org-cert-none').textContent()).toBe('Use a certificate instead of the client secret (recommended by Microsoft)');
    expect(await axeProblems(page)).toEqual([]);

    await page.getByTestId('org-cert-generate').click();
    await expect.poll(() => panel.getAttribute('data-state')).toBe('set');
    expect(await page.getByTestId('org-cert-notice').getAttribute('data-notice')).toBe('generated');
    const app = await orgApp();
    expect(app.certificate).not.toBeNull();
    expect(await page.getByTestId('org-cert-thumbprint').textContent()).toBe(app.certificate.thumbprint);
    expect(app.certificate.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(await page.getByTestId('org-cert-thumbprint-sha256').textContent()).toBe(app.certificate.thumbprintSha256);
    expect(await page.getByTestId('org-cert-expires').getAttribute('data-state')).toBe('valid');
    expect(await page.getByTestId('org-cert-upload-steps').textContent()).toContain('Entra ID › App registrations › your app › Certificates & secrets › Certificates › Upload certificate');

    const download = page.getByTestId('org-cert-download');
    await expect.poll(() => download.isEnabled()).toBe(true);
    const downloading = page.waitForEvent('download');
    await download.click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe(`mailbridge-${clientId}.pem`);
    const pem = await readFile((await file.path())!, 'utf8');
    expect(pem).toBe((await b.s.api('GET', '/api/v1/microsoft-app/certificate')).body.certificatePem);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+-----END CERTIFICATE-----\s*$/);
    expect(pem).not.toContain('PRIVATE KEY');
    // Uploaded in Entra ID: the emulator shows the same thumbprint the page does.
    const uploaded = b.s.emulator.addCertificate(clientId, { pem });
    expect(uploaded.thumbprint).toBe(app.certificate.thumbprint);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'cert-01-generated');
  });

  it('removes the client secret after a confirmation; the certificate then cannot be removed, and the page says why', async () => {
    expect(await page.getByTestId('org-cert-secret').getAttribute('data-secret-set')).toBe('true');
    await page.getByTestId('org-secret-remove').click();
    const dialog = page.getByTestId('org-secret-remove-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getAttribute('role')).toBe('dialog');
    await page.getByTestId('org-secret-remove-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('org-secret-removed').textContent()).toBe('The client secret was removed: the certificate alone authenticates the app.');
    expect(await dialog.count()).toBe(0);
    expect((await orgApp()).clientSecret).toEqual({ set: false });
    expect(await page.getByTestId('org-secret-status').textContent()).toBe('No client secret: the certificate alone authenticates the app.');

    await page.getByTestId('org-cert-remove').click();
    await page.getByTestId('org-cert-remove-dialog-confirm').click();
    const refused = page.getByTestId('org-cert-remove-dialog-error');
    await expect.poll(() => refused.textContent()).toBe('The app has no client secret to go back to. Save its client secret first (the Value from Certificates & secrets), then remove the certificate.');
    await shot(page, 'cert-02-remove-refused');
    await page.getByTestId('org-cert-remove-dialog-cancel').click();
    expect((await orgApp()).certificate).not.toBeNull();
  });

  it('links the mailbox and sends a test email, signed in with the certificate alone', async () => {
    const before = b.s.emulator.requests({ endpoint: 'token' }).length;
    await page.goto(`${b.s.url}/settings`);
    expect(await page.getByTestId('account-cert-panel').count()).toBe(0); // the account uses the organisation's app
    const popupPromise = page.waitForEvent('popup');
    await page.getByTestId('link-account').click();
    const popup = await popupPromise;
    await popup.waitForLoadState();
    await popup.locator(`button[name="account"][value="${ANA}"]`).click();
    const accept = popup.locator('button[name="consent"][value="accept"]');
    if (!popup.isClosed() && (await accept.count())) await accept.click();
    await expect.poll(() => page.getByTestId('oauth-status').textContent(), { timeout: 15_000 }).toContain(ANA);
    await page.getByTestId('test-recipient').fill(BEN);
    await page.getByTestId('send-test').click();
    await expect.poll(() => page.getByTestId('test-result').textContent(), { timeout: 15_000 }).toBe(`Email accepted by Microsoft for delivery. Check the inbox of ${BEN}.`);
    const calls = b.s.emulator.requests({ endpoint: 'token' }).slice(before);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.form?.client_secret).toBeUndefined();
      expect(call.form?.client_assertion).toBeDefined();
    }
    await shot(page, 'cert-03-test-sent');
  });

  it('a PEM that is not one is refused by its field, and nothing changes', async () => {
    const before = (await orgApp()).certificate;
    await page.goto(`${b.s.url}/admin`);
    await page.getByTestId('org-cert-replace').click();
    expect(await page.getByTestId('org-cert-replace-warning').isVisible()).toBe(true);
    await page.getByTestId('org-cert-import').click();
    await page.getByTestId('org-cert-pem').fill('not a certificate');
    await page.getByTestId('org-cert-import-submit').click();
    const error = page.getByTestId('org-cert-pem-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain('no certificate found');
    const field = page.getByTestId('org-cert-pem');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain('org-cert-pem-error');
    expect((await orgApp()).certificate).toEqual(before);
    await shot(page, 'cert-04-bad-pem');
  });

  it('the page in Spanish, with the banner of a certificate about to expire', async () => {
    const soon = await createSelfSignedCertificate({ commonName: 'Expiring soon', validDays: 5 });
    expect((await b.s.api('PUT', '/api/v1/microsoft-app/certificate', { pem: soon.certificatePem + soon.privateKeyPem })).status).toBe(200);
    const es = await (await b.context('es-ES')).newPage();
    await b.signIn(es);
    await es.goto(`${b.s.url}/admin`);
    const banner = es.getByTestId('banner-certificate-expiring');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toContain('El certificado de la aplicación de la organización caduca pronto');
    expect(await es.locator('#org-cert-title').textContent()).toBe('Certificado');
    expect(await es.getByTestId('org-cert-expires').getAttribute('data-state')).toBe('expiring');
    expect(await es.getByTestId('org-cert-expiry-warning').textContent()).toMatch(/^Caduca en [45] día\(s\)/);
    expect(await es.getByTestId('org-cert-download').textContent()).toBe('Descargar el certificado');
    expect(await es.getByTestId('org-cert-upload-steps').textContent()).toContain('Cargar certificado');
    expect(await es.getByTestId('org-secret-removed').textContent()).toBe('Sin secreto de cliente: solo el certificado autentica la aplicación.');
    await es.getByTestId('org-cert-replace').click();
    await es.getByTestId('org-cert-import').click();
    expect(await es.getByTestId('org-cert-import-submit').textContent()).toBe('Importar');
    expect(await axeProblems(es)).toEqual([]);
    await shot(es, 'cert-05-spanish');
    expect(unexpectedErrors(es)).toEqual([]);
    await es.close();
  });

  it("an account's own app gets the same block on the settings page", async () => {
    const own = b.s.emulator.createApp({ tenantId: b.s.tenantId, redirectUris: [`${b.s.url}/oauth/callback`] });
    const secret = b.s.emulator.addSecret(own.clientId);
    expect((await b.s.api('PATCH', `/api/v1/accounts/${accountId}`, { app: { clientId: own.clientId, clientSecret: secret.value } })).status).toBe(200);
    await page.goto(`${b.s.url}/settings`);
    const panel = page.getByTestId('account-cert-panel');
    await expect.poll(() => panel.getAttribute('data-state')).toBe('none');
    await page.getByTestId('account-cert-generate').click();
    await expect.poll(() => panel.getAttribute('data-state')).toBe('set');
    const account = (await b.s.api('GET', `/api/v1/accounts/${accountId}`)).body;
    expect(await page.getByTestId('account-cert-thumbprint').textContent()).toBe(account.app.certificate.thumbprint);
    // The account's app still has its secret: removing the certificate goes back to it.
    await page.getByTestId('account-cert-remove').click();
    await page.getByTestId('account-cert-remove-dialog-confirm').click();
    await expect.poll(() => panel.getAttribute('data-state')).toBe('none');
    expect(await page.getByTestId('account-cert-notice').getAttribute('data-notice')).toBe('removed');
    expect((await b.s.api('GET', `/api/v1/accounts/${accountId}`)).body.app.certificate).toBeNull();
    await shot(page, 'cert-06-account-app');
  });

  it('logged no unexpected console errors', () => {
    expect(unexpectedErrors(page)).toEqual([]);
  });
});
