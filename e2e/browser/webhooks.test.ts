import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeSerious, shot } from '../support/chromium.js';
import { ADMIN_EMAIL, errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { startReceiver } from '../support/webhook-receiver.js';

const REFUSED = 'https://10.0.0.1/hook';
const OTHER = 'olga@contoso.example';

/**
 * Issue 8, the webhooks pages: a user's endpoints on the settings page (create with the secret
 * shown once, send a test event and read the delivery log, rotate, disable/enable, delete), every
 * endpoint with its owner in the admin area, a refused URL explained by its field, and Spanish.
 */
describe('webhooks in the web UI (browser)', () => {
  let b: BrowserStack;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secrets: string[] = [];
  let webhookId = '';

  const axeProblems = async (p: Page) => (await axeSerious(p)).map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  const card = (p: Page, url = receiver.url): Locator => p.locator(`[data-testid="webhook-card"][data-url="${url}"]`);
  const openTab = async (p: Page) => {
    await p.goto(`${b.s.url}/settings`);
    await p.getByTestId('tab-webhooks').click();
    await p.getByTestId('webhooks').waitFor();
  };
  const tested = (index: number) => receiver.received.filter((r) => r.body.type === 'webhook.test' && r.verifiedBy.includes(index));

  beforeAll(async () => {
    b = await startBrowserStack({ env: { MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    receiver = await startReceiver({ secrets: () => secrets });
    const ctx = await b.context('en-US');
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: b.s.url });
    page = await ctx.newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await receiver?.close();
    await b?.close();
  });

  it('the Webhooks tab follows Outbox: the arrow keys reach it after Outbox', async () => {
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('tab-webhooks').waitFor();
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Mail account', 'Default sending values', 'API key', 'Outbox', 'Webhooks', 'SMTP relay']);
    await page.getByTestId('tab-outbox').click();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('tab-webhooks').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-webhooks');
    await expect.poll(() => page.getByTestId('webhooks-empty').isVisible()).toBe(true);
  });

  it('a URL Mailbridge refuses (a private address) shows the reason by the field', async () => {
    await page.getByTestId('webhook-url').fill(REFUSED);
    await page.getByTestId('webhook-create-submit').click();
    const error = page.getByTestId('webhook-url-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/^Mailbridge won't send to this URL: .*10\.0\.0\.1/);
    expect(await page.getByTestId('webhook-url').getAttribute('aria-invalid')).toBe('true');
    expect((await page.getByTestId('webhook-url').getAttribute('aria-describedby'))?.split(' ')).toContain('webhook-url-error');
    expect((await b.s.api('GET', '/api/v1/webhooks')).body.items).toEqual([]);
    await shot(page, 'webhooks-01-refused-url');
  });

  it('creates an endpoint: the secret is shown once, with Copy, and a receiver verifies a test event with it', async () => {
    await page.getByTestId('webhook-url').fill(receiver.url);
    await page.getByTestId('webhook-description').fill('Order system');
    // "All events" is the default; every single event is then ticked and locked.
    expect(await page.getByTestId('webhook-new-event-all').isChecked()).toBe(true);
    expect(await page.locator('[data-testid="webhook-new-event"]:not(:disabled)').count()).toBe(0);
    await page.getByTestId('webhook-create-submit').click();
    const shown = card(page).getByTestId('webhook-secret');
    await expect.poll(() => shown.isVisible()).toBe(true);
    expect(await shown.textContent()).toContain("Store it now: it won't be shown again.");
    // The secret box takes the focus, for keyboard and screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('webhook-secret');
    const secret = (await shown.getByTestId('webhook-secret-value').textContent())!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await shown.getByTestId('webhook-secret-copy').click();
    await expect.poll(() => shown.locator('.copy-status').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    secrets.push(secret);
    webhookId = (await card(page).getAttribute('data-id'))!;
    expect(await card(page).getByTestId('webhook-card-description').textContent()).toBe('Order system');
    expect(await card(page).getByTestId('webhook-events').textContent()).toContain('All events');
    expect(await card(page).getByTestId('webhook-state').textContent()).toBe('Enabled');
    expect(await page.getByTestId('webhook-url').inputValue()).toBe('');
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'webhooks-02-created-secret-once');

    await card(page).getByTestId('webhook-test').click();
    await expect.poll(() => card(page).getByTestId('webhook-action-done').textContent()).toMatch(/^Test event sent/);
    const delivery = card(page).getByTestId('webhook-delivery').first();
    await expect.poll(() => delivery.getAttribute('data-status-code'), { timeout: 15_000 }).toBe('200');
    expect(await delivery.getAttribute('data-event-type')).toBe('webhook.test');
    expect(await delivery.getByTestId('webhook-delivery-status').textContent()).toBe('200');
    expect(await delivery.locator('td').nth(2).textContent()).toBe('1');
    expect(await delivery.locator('td').nth(4).textContent()).toMatch(/^\d+ ms$/);
    expect(await card(page).locator('[data-testid="webhook-deliveries-table"] th').allTextContents()).toEqual(['Time', 'Event', 'Attempt', 'Status code', 'Duration', 'Error']);
    expect(await card(page).getByTestId('webhook-log-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(tested(0)).toHaveLength(1);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'webhooks-03-test-delivered-200');
  });

  it('the secret is not shown again: not after a reload, not by the API', async () => {
    await openTab(page);
    await expect.poll(() => card(page).isVisible()).toBe(true);
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(secrets[0]);
    expect(JSON.stringify((await b.s.api('GET', '/api/v1/webhooks')).body)).not.toContain(secrets[0]);
  });

  it('rotates the secret: the new one is shown once, and the old one keeps working until a date', async () => {
    await card(page).getByTestId('webhook-rotate').click();
    const shown = card(page).getByTestId('webhook-secret');
    await expect.poll(() => shown.getAttribute('data-kind')).toBe('rotated');
    const secret = (await shown.getByTestId('webhook-secret-value').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(secrets[0]);
    const until = (await b.s.api('GET', '/api/v1/webhooks')).body.items[0].previousSecretUntil as string;
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(await shown.getByTestId('webhook-secret-previous').textContent()).toMatch(/^The old secret keeps signing too until /);
    expect(await shown.locator('[data-testid="webhook-secret-previous"] time').getAttribute('datetime')).toBe(until);
    secrets.push(secret);
    await shot(page, 'webhooks-04-rotated');
    // A test event now verifies with either secret.
    await card(page).getByTestId('webhook-test').click();
    await expect.poll(() => tested(1).length, { timeout: 15_000 }).toBe(1);
    expect(tested(1)[0]!.verifiedBy).toEqual([0, 1]);
    await shown.getByTestId('webhook-secret-dismiss').click();
    expect(await card(page).getByTestId('webhook-secret').count()).toBe(0);
    expect(await card(page).getByTestId('webhook-previous-secret').isVisible()).toBe(true);
  });

  it('changes the events, disables and enables the endpoint', async () => {
    await card(page).getByTestId('webhook-change-events').click();
    const editor = card(page).getByTestId('webhook-events-editor');
    await editor.locator(`[data-testid="webhook-${webhookId}-event-all"]`).uncheck();
    await editor.locator('[data-event="message.failed"]').check();
    await editor.locator('[data-event="account.reconnect_needed"]').check();
    await editor.getByTestId('webhook-events-save').click();
    await expect.poll(() => card(page).getByTestId('webhook-events-editor').count()).toBe(0);
    // The card shows the saved events once the list is read again, a moment after the editor closes.
    await expect.poll(() => card(page).getByTestId('webhook-events').textContent()).toContain('Message failed');
    const events = await card(page).getByTestId('webhook-events').textContent();
    expect(events).toContain('Message failed');
    expect(events).toContain('Account needs reconnecting');
    expect(events).not.toContain('All events');
    expect((await b.s.api('GET', '/api/v1/webhooks')).body.items[0].events.sort()).toEqual(['account.reconnect_needed', 'message.failed']);

    await card(page).getByTestId('webhook-toggle-enabled').click();
    await expect.poll(() => card(page).getAttribute('data-enabled')).toBe('false');
    expect(await card(page).getByTestId('webhook-state').textContent()).toBe('Disabled');
    expect(await card(page).getByTestId('webhook-test').isDisabled()).toBe(true);
    expect(await card(page).getByTestId('webhook-toggle-enabled').textContent()).toBe('Enable');
    expect((await b.s.api('GET', '/api/v1/webhooks')).body.items[0].enabled).toBe(false);
    await shot(page, 'webhooks-05-disabled');
    await card(page).getByTestId('webhook-toggle-enabled').click();
    await expect.poll(() => card(page).getAttribute('data-enabled')).toBe('true');
    expect(await card(page).getByTestId('webhook-state').textContent()).toBe('Enabled');
    expect((await b.s.api('GET', '/api/v1/webhooks')).body.items[0].enabled).toBe(true);
  });

  it('an endpoint Mailbridge disabled shows why, prominently, with Enable', async () => {
    // What the delivery worker does after 24 hours of failures, without waiting a day.
    const reason = 'Every delivery failed for 24 hours (last: HTTP 500).';
    await b.s.mb.deps.store.webhooks.update(webhookId, { enabled: false, disabledReason: reason });
    await openTab(page);
    const state = card(page).getByTestId('webhook-state');
    await expect.poll(() => state.getAttribute('data-state')).toBe('disabled-by-mailbridge');
    expect(await state.getAttribute('role')).toBe('alert');
    expect(await state.locator('.notice-title').textContent()).toBe('Disabled by Mailbridge');
    expect(await state.getByTestId('webhook-disabled-reason').textContent()).toBe(reason);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'webhooks-05b-disabled-by-mailbridge');
    await state.getByTestId('webhook-enable-again').click();
    await expect.poll(() => card(page).getAttribute('data-enabled')).toBe('true');
    expect((await b.s.api('GET', '/api/v1/webhooks')).body.items[0]).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('the admin area lists every endpoint with its owner', async () => {
    const { s } = b;
    const user = await s.api('POST', '/api/v1/users', { email: OTHER, role: 'user' });
    expect(user.status).toBe(201);
    const key = (await s.api('POST', `/api/v1/users/${user.body.id}/api-keys`)).body.key as string;
    const otherUrl = receiver.url.replace('/hook', '/olga');
    expect((await s.api('POST', '/api/v1/webhooks', { url: otherUrl, events: ['message.failed'] }, { key })).status).toBe(201);

    await page.goto(`${s.url}/admin`);
    const panel = page.getByTestId('admin-webhooks');
    await expect.poll(() => panel.getByTestId('webhook-card').count()).toBe(2);
    await expect.poll(() => card(page).getByTestId('webhook-owner').textContent()).toBe(ADMIN_EMAIL);
    expect(await card(page, otherUrl).getByTestId('webhook-owner').textContent()).toBe(OTHER);
    expect(await card(page, otherUrl).getByTestId('webhook-events').textContent()).toContain('Message failed');
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe('Webhooks of every user');
    expect(await axeProblems(page)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'webhooks-06-admin-panel');
    // The settings page is about one's own endpoints, even for an admin.
    await openTab(page);
    await expect.poll(() => page.getByTestId('webhook-card').count()).toBe(1);
  });

  it('deletes an endpoint after a confirmation (Escape first cancels)', async () => {
    await card(page).getByTestId('webhook-delete').click();
    const dialog = page.getByTestId('webhook-delete-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('heading').textContent()).toBe('Delete this endpoint?');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('webhook-delete-cancel');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('webhook-delete');
    await card(page).getByTestId('webhook-delete').click();
    await shot(page, 'webhooks-07-delete-confirm');
    await page.getByTestId('webhook-delete-confirm').click();
    await expect.poll(() => card(page).count()).toBe(0);
    await expect.poll(() => page.getByTestId('webhooks-empty').isVisible()).toBe(true);
    const left = (await b.s.api('GET', '/api/v1/webhooks')).body.items as { url: string }[];
    expect(left.map((w) => w.url)).toEqual([receiver.url.replace('/hook', '/olga')]);
  });

  it('speaks Spanish for a Spanish browser', async () => {
    const es = await (await b.context('es-ES')).newPage();
    await b.signIn(es);
    await es.goto(`${b.s.url}/settings`);
    await expect.poll(() => es.getByTestId('tab-webhooks').textContent()).toBe('Webhooks');
    await openTab(es);
    expect(await es.locator('#webhooks-title').textContent()).toBe('Tus webhooks');
    expect(await es.getByTestId('webhook-create-submit').textContent()).toBe('Añadir endpoint');
    await es.getByTestId('webhook-url').fill(REFUSED);
    await es.getByTestId('webhook-create-submit').click();
    await expect.poll(() => es.getByTestId('webhook-url-error').textContent()).toMatch(/^Mailbridge no enviará a esta URL: .*10\.0\.0\.1/);
    await es.getByTestId('webhook-url').fill(receiver.url);
    await es.getByTestId('webhook-create-submit').click();
    const shown = card(es).getByTestId('webhook-secret');
    await expect.poll(() => shown.isVisible()).toBe(true);
    expect(await shown.textContent()).toContain('Guárdalo ahora: no se volverá a mostrar.');
    secrets.push((await shown.getByTestId('webhook-secret-value').textContent())!);
    await card(es).getByTestId('webhook-test').click();
    await expect.poll(() => card(es).getByTestId('webhook-delivery').first().getAttribute('data-status-code'), { timeout: 15_000 }).toBe('200');
    expect(await card(es).locator('[data-testid="webhook-deliveries-table"] th').allTextContents()).toEqual(['Hora', 'Evento', 'Intento', 'Código de estado', 'Duración', 'Error']);
    expect(await card(es).getByTestId('webhook-delivery').first().locator('td').nth(1).textContent()).toContain('Evento de prueba');
    expect(await card(es).getByTestId('webhook-state').textContent()).toBe('Activado');
    expect(await card(es).getByTestId('webhook-test').textContent()).toBe('Enviar evento de prueba');
    expect(await es.getAttribute('html', 'lang')).toBe('es');
    expect(await axeProblems(es)).toEqual([]);
    await shot(es, 'webhooks-08-settings-es');
    expect(errorsOf(es).filter((e) => !e.includes('400 (Bad Request)'))).toEqual([]);
  });

  it('a session from a signed settings link (mail settings only) is told to sign in, and asks nothing', async () => {
    const olga = (await b.s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === OTHER).id as string;
    const link = await b.s.api('POST', `/api/v1/users/${olga}/settings-link`);
    const own = await (await b.context('en-US')).newPage();
    await own.goto(link.body.url);
    await own.waitForURL((u) => u.pathname === '/settings');
    await own.getByTestId('tab-webhooks').click();
    await expect.poll(() => own.getByTestId('webhooks-sign-in-needed').isVisible()).toBe(true);
    expect(errorsOf(own)).toEqual([]);
  });

  it('logged no console errors (but the refused URL)', () => {
    expect(errorsOf(page).filter((e) => !e.endsWith(`400 (Bad Request) ${b.s.url}/api/v1/webhooks`))).toEqual([]);
  });
});
