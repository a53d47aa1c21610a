import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeSerious, shot } from '../support/chromium.js';
import { ADMIN_EMAIL, errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { freePort } from '../support/stack.js';

const ANA = 'ana@contoso.example';
const SALES = 'sales@contoso.example';
const BAD = '10.0.0.0/33';
const USERNAME = /^relay-[0-9a-z]{6}$/;

const axeProblems = async (p: Page) => (await axeSerious(p)).map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
const focusedTestId = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
/** A 400 the page asked for (the refused network) is logged by Chromium; nothing else may be. */
const unexpectedErrors = (p: Page, url: string) => errorsOf(p).filter((e) => !(e.includes('400 (Bad Request)') && e.includes(`${url}/api/v1/accounts/`)));

async function openRelayTab(p: Page, url: string): Promise<Locator> {
  await p.goto(`${url}/settings`);
  await p.getByTestId('tab-relay').click();
  const section = p.getByTestId('relay');
  await expect.poll(() => section.getAttribute('data-relay-enabled')).not.toBeNull();
  return section;
}

/** The signed-in admin owns Ana's account, with a send-as address. */
async function adminAccount(b: BrowserStack): Promise<string> {
  const { s } = b;
  s.emulator.createUser({ email: ANA, tenantId: s.tenantId, sendAs: [SALES] });
  expect((await s.configureApp()).status).toBe(200);
  const adminId = (await s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id as string;
  return (await s.createAccount(ANA, { userId: adminId, sendAs: [SALES] })).id as string;
}

/**
 * Issue 12, relay credentials on the settings page: where an app connects, a credential created
 * with its password shown once (and never again), a refused network explained by its field,
 * deleting with a confirmation, and the page in Spanish. The relay switched off is shown in
 * sending-method.test.ts, whose server runs without it (no second server started here).
 */
describe('SMTP relay credentials in the web UI (browser)', () => {
  let b: BrowserStack;
  let page: Page;
  let accountId = '';
  let relayPort = 0;
  let relayTlsPort = 0;
  let password = '';
  let username = '';
  const list = async () => (await b.s.api('GET', `/api/v1/accounts/${accountId}/relay-credentials`)).body;

  beforeAll(async () => {
    relayPort = await freePort();
    relayTlsPort = await freePort();
    b = await startBrowserStack({ env: { MAILBRIDGE_RELAY_PORT: String(relayPort), MAILBRIDGE_RELAY_TLS_PORT: String(relayTlsPort) } });
    accountId = await adminAccount(b);
    const ctx = await b.context('en-US');
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: b.s.url });
    page = await ctx.newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
  });

  it('the SMTP relay tab shows what an app or printer needs to connect, and which From addresses it may use', async () => {
    const section = await openRelayTab(page, b.s.url);
    expect(await section.getAttribute('data-relay-enabled')).toBe('true');
    expect(await page.getByTestId('tab-relay').textContent()).toBe('SMTP relay');
    expect(await page.getByTestId('relay-host').textContent()).toBe('127.0.0.1');
    expect(await page.getByTestId('relay-port').textContent()).toBe(String(relayPort));
    expect(await page.getByTestId('relay-tls-port').textContent()).toBe(String(relayTlsPort));
    const facts = await page.getByTestId('relay-connection').textContent();
    expect(facts).toContain('with STARTTLS');
    expect(facts).toContain('with implicit TLS');
    expect(facts).toContain('AUTH PLAIN or LOGIN');
    expect(await page.getByTestId('relay-max-size').textContent()).toBe('35 MB');
    const from = await page.getByTestId('relay-from-help').textContent();
    expect(from).toContain(ANA);
    expect(from).toContain(SALES);
    expect(await page.getByTestId('relay-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('relay-bounces').isChecked()).toBe(true);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'relay-01-connection-settings');
  });

  it('a network that is not one shows its error by the field, naming the entry, and nothing is stored', async () => {
    await page.getByTestId('relay-networks').fill(`192.0.2.0/24\n${BAD}`);
    await page.getByTestId('relay-create-submit').click();
    const error = page.getByTestId('relay-networks-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(new RegExp(`^The network "${BAD.replace(/[./]/g, '\\$&')}" was refused: it .+\\.$`));
    expect(await error.textContent()).not.toContain('192.0.2.0/24"');
    const networks = page.getByTestId('relay-networks');
    expect(await networks.getAttribute('aria-invalid')).toBe('true');
    expect((await networks.getAttribute('aria-describedby'))?.split(' ')).toContain('relay-networks-error');
    await expect.poll(() => focusedTestId(page)).toBe('relay-networks');
    expect((await list()).items).toEqual([]);
    expect(await page.getByTestId('relay-created-dialog').count()).toBe(0);
    await shot(page, 'relay-02-bad-network');
  });

  it('creates a credential: username and password are shown once, in a dialog, with Copy buttons', async () => {
    await page.getByTestId('relay-description').fill('Printer, 2nd floor');
    await page.getByTestId('relay-networks').fill('192.0.2.0/24, 2001:db8::/32');
    await page.getByTestId('relay-bounces').uncheck();
    await page.getByTestId('relay-create-submit').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getAttribute('data-testid')).toBe('relay-created-dialog');
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await dialog.getByRole('heading').textContent()).toBe('Relay credential created');
    expect(await dialog.getByTestId('relay-created-once').textContent()).toBe('Copy the password now: it cannot be shown again.');
    // The focus is in the dialog (its first control), for keyboard and screen-reader users.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    username = (await dialog.getByTestId('relay-created-username').textContent())!;
    password = (await dialog.getByTestId('relay-created-password').textContent())!;
    expect(username).toMatch(USERNAME);
    // At least 128 bits: 22 base64url characters or more.
    expect(password.length).toBeGreaterThanOrEqual(22);
    await dialog.getByTestId('relay-created-copy-password').click();
    await expect.poll(() => dialog.locator('.copy-status').nth(1).textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);
    await dialog.getByTestId('relay-created-copy-username').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(username);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'relay-03-created-password-once');

    await dialog.getByTestId('relay-created-close').click();
    expect(await page.getByTestId('relay-created-dialog').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(password);
    const row = page.locator(`[data-testid="relay-row"][data-username="${username}"]`);
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await row.getByTestId('relay-row-description').textContent()).toBe('Printer, 2nd floor');
    expect(await row.getByTestId('relay-row-networks').textContent()).toBe('192.0.2.0/24, 2001:db8::/32');
    expect(await row.getByTestId('relay-row-bounces').textContent()).toBe('Off');
    expect(await row.getByTestId('relay-row-last-used').textContent()).toBe('Never');
    // The form is empty again, bounces back to on.
    expect(await page.getByTestId('relay-description').inputValue()).toBe('');
    expect(await page.getByTestId('relay-networks').inputValue()).toBe('');
    expect(await page.getByTestId('relay-bounces').isChecked()).toBe(true);
  });

  it('after a reload the credential is listed without its password, which the API never returns again', async () => {
    await page.reload();
    await page.getByTestId('tab-relay').click();
    const row = page.locator(`[data-testid="relay-row"][data-username="${username}"]`);
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await page.locator('body').textContent()).not.toContain(password);
    expect(await page.getByTestId('relay-created-dialog').count()).toBe(0);
    expect(await page.locator('[data-testid="relay-list"] th').allTextContents()).toEqual(['Username', 'Description', 'Allowed networks', 'Bounces', 'Created', 'Last used', 'Actions']);
    const listed = await list();
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ username, description: 'Printer, 2nd floor', bounces: false, lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(password);
    expect(listed.items[0]).not.toHaveProperty('password');
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'relay-04-listed-after-reload');
  });

  it('the page in Spanish: the tab, the settings, the list and a refused network', async () => {
    const es = await (await b.context('es-ES')).newPage();
    await b.signIn(es);
    const section = await openRelayTab(es, b.s.url);
    expect(await es.getByTestId('tab-relay').textContent()).toBe('Relay SMTP');
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toBe('Relay SMTP');
    expect(await es.getByTestId('relay-connection').textContent()).toContain('con STARTTLS');
    expect(await es.getByTestId('relay-from-help').textContent()).toMatch(/^Los mensajes deben ser de la dirección de esta cuenta/);
    expect(await es.locator('[data-testid="relay-list"] th').allTextContents()).toEqual(['Usuario', 'Descripción', 'Redes permitidas', 'Rebotes', 'Creada', 'Último uso', 'Acciones']);
    const row = es.locator(`[data-testid="relay-row"][data-username="${username}"]`);
    expect(await row.getByTestId('relay-row-bounces').textContent()).toBe('Desactivados');
    expect(await row.getByTestId('relay-row-last-used').textContent()).toBe('Nunca');
    await es.getByTestId('relay-networks').fill(BAD);
    await es.getByTestId('relay-create-submit').click();
    const error = es.getByTestId('relay-networks-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/^Se rechazó la red «10\.0\.0\.0\/33»/);
    expect((await list()).items).toHaveLength(1);
    expect(await axeProblems(es)).toEqual([]);
    await shot(es, 'relay-05-spanish');
    expect(unexpectedErrors(es, b.s.url)).toEqual([]);
    await es.close();
  });

  it('deletes the credential after a confirmation; Escape and Cancel keep it', async () => {
    const row = page.locator(`[data-testid="relay-row"][data-username="${username}"]`);
    const remove = row.getByRole('button', { name: `Delete the credential ${username}` });
    await remove.click();
    const dialog = page.getByTestId('relay-delete-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('heading').textContent()).toBe('Delete this relay credential?');
    expect(await dialog.textContent()).toContain(username);
    // Cancel comes first and has the focus: Enter does not delete by accident.
    expect(await focusedTestId(page)).toBe('relay-delete-cancel');
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
    expect(await row.isVisible()).toBe(true);
    await remove.click();
    await dialog.getByTestId('relay-delete-cancel').click();
    expect(await row.isVisible()).toBe(true);
    expect((await list()).items).toHaveLength(1);

    await remove.click();
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'relay-06-delete-confirmation');
    await dialog.getByTestId('relay-delete-confirm').click();
    await expect.poll(() => page.getByTestId('relay-empty').isVisible()).toBe(true);
    expect(await dialog.count()).toBe(0);
    expect(await row.count()).toBe(0);
    expect((await list()).items).toEqual([]);
    // The row is gone: the section's heading has the focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('relay-title');
  });

  it('logged no console errors (but the refused networks)', () => {
    expect(unexpectedErrors(page, b.s.url)).toEqual([]);
  });
});
