import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeSerious, shot } from '../support/chromium.js';
import { errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';

const NOREPLY = 'noreply@contoso.example';
const INVOICES = 'invoices@contoso.example';
const BOB = 'bob@contoso.example';

const axeProblems = async (p: Page) => (await axeSerious(p)).map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
/** The refusals the test provokes (tenant `common`, a personal address: 400) are logged by Chromium; nothing else may be. */
const unexpectedErrors = (p: Page) => errorsOf(p).filter((e) => !/400 \(Bad Request\).*\/api\/v1\/(microsoft-app|accounts)\b/.test(e));
const row = (p: Page, email: string): Locator => p.locator(`[data-testid="service-mailbox-row"][data-email="${email}"]`);

/**
 * Issue 12, service mailboxes in the admin area: app-only turned on with the tenant (`common`
 * refused with its diagnosis), a service mailbox added, the steps filled with the app's values,
 * the RBAC role assigned in the emulator (as an Exchange admin would), the check sending a test
 * message; a mailbox outside the scope gets mailbox_out_of_scope; its relay credentials; the page
 * in Spanish.
 */
describe('service mailboxes in the web UI (browser)', () => {
  let b: BrowserStack;
  let page: Page;
  let clientId = '';
  const orgApp = async () => (await b.s.api('GET', '/api/v1/microsoft-app')).body;

  beforeAll(async () => {
    b = await startBrowserStack({ env: { MAILBRIDGE_RELAY_PORT: '0', MAILBRIDGE_RELAY_TLS_PORT: '0' } });
    const { s } = b;
    for (const email of [NOREPLY, INVOICES, BOB]) s.emulator.createUser({ email, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
    clientId = s.app.clientId;
    page = await (await b.context('en-US')).newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
  });

  it('turns app-only on with the tenant ID; common is refused with app_only_tenant_required', async () => {
    await page.goto(`${b.s.url}/admin`);
    const form = page.getByTestId('app-only-form');
    await expect.poll(() => form.getAttribute('data-enabled')).toBe('false');
    expect(await page.getByTestId('app-only-state').textContent()).toBe('App-only sending is off.');
    expect(await page.getByTestId('app-only-check-run').isDisabled()).toBe(true);
    expect(await page.getByTestId('service-mailboxes-none').textContent()).toBe('No service mailboxes yet.');

    await page.getByTestId('app-only-enabled').check();
    await page.getByTestId('app-only-tenant').fill('common');
    await page.getByTestId('app-only-save').click();
    const refused = page.getByTestId('app-only-tenant-error');
    await expect.poll(() => refused.getAttribute('data-code')).toBe('app_only_tenant_required');
    expect(await refused.textContent()).toContain("App-only sending needs your organisation's tenant");
    expect(await page.getByTestId('app-only-tenant').getAttribute('aria-invalid')).toBe('true');
    expect((await orgApp()).appOnly).toBeNull();
    await shot(page, 'service-01-tenant-common');

    await page.getByTestId('app-only-tenant').fill(b.s.tenantId);
    await page.getByTestId('app-only-save').click();
    await expect.poll(() => form.getAttribute('data-enabled')).toBe('true');
    expect(await page.getByTestId('app-only-state').textContent()).toBe(`App-only sending is on (tenant ${b.s.tenantId}).`);
    expect(await refused.count()).toBe(0);
    const app = await orgApp();
    expect(app.appOnly).toEqual({ enabled: true, tenant: b.s.tenantId });
    // The rest of the app is untouched: delegated tenant and secret.
    expect(app.tenant).toBe('common');
    expect(app.clientSecret.set).toBe(true);
    expect(await page.getByTestId('app-only-check-run').isEnabled()).toBe(true);
  });

  it('adds a service mailbox; the steps are filled with the client ID and its address; a personal address is refused', async () => {
    await page.getByTestId('service-mailbox-email').fill('someone@outlook.com');
    await page.getByTestId('service-mailbox-add-submit').click();
    const personal = page.getByTestId('service-mailbox-email-error');
    await expect.poll(() => personal.getAttribute('data-code')).toBe('personal_account_not_app_only');

    await page.getByTestId('service-mailbox-email').fill(NOREPLY);
    await page.getByTestId('service-mailbox-add-submit').click();
    await expect.poll(() => row(page, NOREPLY).getAttribute('data-status')).toBe('not_linked');
    expect(await row(page, NOREPLY).getByTestId('service-mailbox-status').textContent()).toBe('Not confirmed yet');
    expect(await personal.count()).toBe(0);
    const account = (await b.s.api('GET', '/api/v1/accounts')).body.items.find((a: { email: string }) => a.email === NOREPLY);
    expect(account).toMatchObject({ userId: null, sendingMethod: 'graph_app' });
    // The organisation's accounts list shows it too.
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(1);

    expect(await page.getByTestId('app-only-rbac-principal').textContent()).toBe(`New-ServicePrincipal -AppId ${clientId} -ObjectId <ObjectId> -DisplayName "Mailbridge"`);
    expect(await page.getByTestId('app-only-rbac-scope').textContent()).toBe(`New-ManagementScope -Name "Mailbridge service mailboxes" -RecipientRestrictionFilter "PrimarySmtpAddress -eq '${NOREPLY}'"`);
    expect(await page.getByTestId('app-only-rbac-send').textContent()).toBe(`New-ManagementRoleAssignment -App ${clientId} -Role "Application Mail.Send" -CustomResourceScope "Mailbridge service mailboxes"`);
    expect(await page.getByTestId('app-only-rbac-readwrite').textContent()).toContain('-Role "Application Mail.ReadWrite"');
    expect(await page.getByTestId('app-only-policy-policy').textContent()).toBe(`New-ApplicationAccessPolicy -AppId ${clientId} -PolicyScopeGroupId <group> -AccessRight RestrictAccess`);
    expect(await page.getByTestId('app-only-rbac-warning').textContent()).toContain('would let the app send as every mailbox');
    expect(await page.getByTestId('app-only-readwrite-note').textContent()).toContain('under 3 MB');
    expect(await page.getByTestId('app-only-rbac-scope-copy').getAttribute('aria-label')).toBe('Copy New-ManagementScope');
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'service-02-added');
    // The setup guide explains it with the same values.
    await page.goto(`${b.s.url}/guide`);
    await page.getByTestId('guide-app-only').getByTestId('app-only-rbac-scope').waitFor();
    expect(await page.getByTestId('guide-app-only').getByTestId('app-only-rbac-scope').textContent()).toContain(`PrimarySmtpAddress -eq '${NOREPLY}'`);
    expect(await page.getByTestId('guide-app-only').getByTestId('app-only-rbac-send').textContent()).toContain(`-App ${clientId} `);
    await page.goto(`${b.s.url}/admin`);
    await page.getByTestId('service-mailboxes').waitFor();
  });

  it('with the RBAC role assigned, the check gets a token and the test message is accepted', async () => {
    b.s.emulator.assignExchangeRole({ clientId, role: 'Application Mail.Send', mailboxes: [NOREPLY] });
    b.s.emulator.assignExchangeRole({ clientId, role: 'Application Mail.ReadWrite', mailboxes: [NOREPLY] });
    await page.getByTestId('app-only-check-to').fill(BOB);
    await page.getByTestId('app-only-check-run').click();
    const result = page.getByTestId('app-only-check-result');
    await expect.poll(() => result.getAttribute('data-sent-status'), { timeout: 15_000 }).toBe('accepted');
    expect(await result.getAttribute('data-token')).toBe('ok');
    expect(await page.getByTestId('app-only-check-token').textContent()).toBe(`Microsoft issued an app-only token for ${b.s.tenantId}.`);
    expect(await page.getByTestId('app-only-check-sent').textContent()).toBe(`Test message from ${NOREPLY}: Accepted by Microsoft.`);
    expect(await page.getByTestId('app-only-check-diagnosis').count()).toBe(0);
    expect(b.s.emulator.mailbox(BOB).inbox).toHaveLength(1);
    // A message that went makes the mailbox "linked".
    await expect.poll(() => row(page, NOREPLY).getAttribute('data-status')).toBe('linked');
    expect(await row(page, NOREPLY).getByTestId('service-mailbox-status').textContent()).toBe('Sending works');
    await shot(page, 'service-03-check-sent');
  });

  it('a mailbox outside the scope → mailbox_out_of_scope, in the check and on its row', async () => {
    await page.getByTestId('service-mailbox-email').fill(INVOICES);
    await page.getByTestId('service-mailbox-add-submit').click();
    await expect.poll(() => row(page, INVOICES).count()).toBe(1);
    expect(await page.getByTestId('app-only-rbac-scope').textContent()).toContain(`PrimarySmtpAddress -eq '${NOREPLY}' -or PrimarySmtpAddress -eq '${INVOICES}'`);
    await page.getByTestId('app-only-check-from').selectOption(INVOICES);
    await page.getByTestId('app-only-check-run').click();
    const diagnosis = page.getByTestId('app-only-check-diagnosis');
    await expect.poll(() => diagnosis.getAttribute('data-code'), { timeout: 15_000 }).toBe('mailbox_out_of_scope');
    expect(await diagnosis.textContent()).toContain("This mailbox is outside the app's scope");
    expect(await diagnosis.textContent()).toContain(INVOICES);
    expect(await page.getByTestId('app-only-check-token').textContent()).toBe(`Microsoft issued an app-only token for ${b.s.tenantId}.`);
    await expect.poll(() => row(page, INVOICES).getByTestId('service-mailbox-diagnosis').getAttribute('data-code')).toBe('mailbox_out_of_scope');
    expect(await row(page, INVOICES).getAttribute('data-status')).toBe('not_linked');
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'service-04-out-of-scope');
  });

  it('the section in Spanish', async () => {
    const es = await (await b.context('es-ES')).newPage();
    await b.signIn(es);
    await es.goto(`${b.s.url}/admin`);
    const title = es.locator('#service-mailboxes-title');
    await expect.poll(() => title.textContent()).toBe('Buzones de servicio (solo aplicación)');
    await expect.poll(() => es.getByTestId('app-only-state').textContent()).toBe(`El envío solo de aplicación está activado (inquilino ${b.s.tenantId}).`);
    await expect.poll(() => row(es, NOREPLY).getByTestId('service-mailbox-status').textContent()).toBe('El envío funciona');
    expect(await es.getByTestId('app-only-check-run').textContent()).toBe('Comprobar');
    expect(await es.getByTestId('app-only-rbac-warning').textContent()).toContain('No conceda además a esta aplicación');
    expect(await row(es, INVOICES).getByTestId('service-mailbox-diagnosis').textContent()).toContain('Este buzón está fuera del ámbito de la aplicación');
    expect(await axeProblems(es)).toEqual([]);
    await shot(es, 'service-05-spanish');
    expect(unexpectedErrors(es)).toEqual([]);
    await es.close();
  });

  it("shows a mailbox's relay credentials, and deletes a mailbox after a confirmation", async () => {
    const toggle = row(page, NOREPLY).getByTestId('service-mailbox-relay');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = page.getByTestId('service-mailbox-relay-panel');
    expect(await panel.getAttribute('data-email')).toBe(NOREPLY);
    await expect.poll(() => panel.getByTestId('relay').getAttribute('data-relay-enabled')).toBe('true');
    expect(await panel.getByTestId('relay-empty').isVisible()).toBe(true);
    await toggle.click();
    expect(await panel.count()).toBe(0);

    await row(page, INVOICES).getByTestId('service-mailbox-delete').click();
    const dialog = page.getByTestId('service-mailbox-delete-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.getByTestId('service-mailbox-delete-dialog-confirm').click();
    await expect.poll(() => row(page, INVOICES).count()).toBe(0);
    expect((await b.s.api('GET', '/api/v1/accounts')).body.items.map((a: { email: string }) => a.email)).toEqual([NOREPLY]);
  });

  it('logged no unexpected console errors', () => {
    expect(unexpectedErrors(page)).toEqual([]);
  });
});
