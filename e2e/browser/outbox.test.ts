import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, shot } from '../support/chromium.js';
import { ADMIN_EMAIL, errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';

const ANA = 'ana@contoso.example';
const CARA = 'cara@contoso.example';
const DORA = 'dora@contoso.example';
const BEN = 'ben@contoso.example';
const done = (m: { status: string }) => ['accepted', 'failed', 'cancelled'].includes(m.status);
const message = (subject: string, extra: Record<string, unknown> = {}) => ({ to: BEN, subject, text: 'Hello', ...extra });
const inOneDay = () => new Date(Date.now() + 86_400_000).toISOString();

/**
 * Issue 7: the outbox on the settings page (waiting, retrying, failed with the fix, accepted;
 * cancel and retry; the delivery guarantee) and across every account in the admin area.
 */
describe('the outbox in the web UI (browser)', () => {
  let b: BrowserStack;
  let page: Page;
  let anaId: string;
  const ids: Record<string, string> = {};

  const axeProblems = async (p: Page) => (await axeSerious(p)).map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  const row = (p: Page, key: string) => p.locator(`[data-testid="outbox-row"][data-id="${ids[key]}"]`);
  const openOutbox = async (p: Page) => {
    await p.goto(`${b.s.url}/settings`);
    await p.getByTestId('tab-outbox').click();
    await expect.poll(() => p.getByTestId('outbox-row').count()).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    b = await startBrowserStack();
    const { s } = b;
    for (const e of [ANA, CARA, DORA, BEN]) s.emulator.createUser({ email: e, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
    // Ana's account belongs to the admin who signs in; Cara's and Dora's to the automation admin.
    const adminId = (await s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id as string;
    anaId = (await s.createAccount(ANA, { userId: adminId })).id;
    const caraId = (await s.createAccount(CARA)).id as string;
    const doraId = (await s.createAccount(DORA)).id as string;
    for (const [id, email] of [[anaId, ANA], [caraId, CARA], [doraId, DORA]] as const) {
      expect((await s.link(id, email)).html).toContain('Linking successful!');
    }

    ids.accepted = (await s.send(anaId, message('Accepted one'))).id;
    s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: ANA, graphError: 'ErrorInvalidRecipients', times: 1 });
    const failed = await s.send(anaId, message('Refused one'));
    expect(failed).toMatchObject({ status: 'failed', lastDiagnosis: { code: 'invalid_recipients' } });
    ids.failed = failed.id;
    s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: ANA, graphError: 'TooManyRequests', retryAfter: '600', times: 1 });
    const retrying = await s.send(anaId, message('Throttled one'));
    expect(retrying).toMatchObject({ status: 'retrying', lastDiagnosis: { code: 'throttled' } });
    ids.retrying = retrying.id;
    const scheduled = await s.api('POST', `/api/v1/accounts/${anaId}/messages`, message('Tomorrow', { sendAt: inOneDay() }));
    expect(scheduled.body.status).toBe('scheduled');
    ids.scheduled = scheduled.body.id;

    ids.cara = (await s.send(caraId, message('From Cara'))).id;
    // Dora's message is held: her account was unlinked before it was due.
    const held = await s.api('POST', `/api/v1/accounts/${doraId}/messages`, message('Held one', { sendAt: new Date(Date.now() + 400).toISOString() }));
    await s.api('POST', `/api/v1/accounts/${doraId}/unlink`);
    // Held, and still scheduled for its time.
    expect(await s.waitForMessage(held.body.id, { until: (m) => m.lastDiagnosis !== null })).toMatchObject({ status: 'scheduled' });
    ids.held = held.body.id;

    page = await (await b.context('en-US')).newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
  });

  it('the Mail account tab shows the delivery guarantee next to the OAuth account', async () => {
    await page.goto(`${b.s.url}/settings`);
    const guarantee = page.getByTestId('delivery-guarantee');
    await expect.poll(() => guarantee.getAttribute('data-guarantee')).toBe('exactly_once');
    expect(await page.getByTestId('delivery-guarantee-value').textContent()).toBe('Exactly once');
    await shot(page, 'outbox-01-guarantee-exactly-once');
  });

  it('the Outbox tab lists accepted, failed (with the fix), retrying (next attempt) and scheduled', async () => {
    await openOutbox(page);
    await expect.poll(() => page.getByTestId('outbox-row').count()).toBe(4);
    // Newest first.
    expect(await page.getByTestId('outbox-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual([ids.scheduled, ids.retrying, ids.failed, ids.accepted]);
    expect(await row(page, 'accepted').getByTestId('outbox-status').textContent()).toBe('Accepted by Microsoft');
    expect(await row(page, 'accepted').textContent()).not.toMatch(/delivered/i);
    const failed = await b.s.api('GET', `/api/v1/messages/${ids.failed}`, undefined, { lang: 'en' });
    expect(await row(page, 'failed').getByTestId('outbox-status').textContent()).toBe('Failed');
    expect(await row(page, 'failed').getByTestId('outbox-diagnosis').textContent()).toContain(failed.body.lastDiagnosis.fix);
    expect(await row(page, 'retrying').getByTestId('outbox-status').textContent()).toBe('Retrying');
    expect(await row(page, 'retrying').getByTestId('outbox-next-attempt').textContent()).toMatch(/^Next attempt:/);
    expect(await row(page, 'retrying').getByTestId('outbox-diagnosis').getAttribute('data-code')).toBe('throttled');
    expect(await row(page, 'scheduled').getByTestId('outbox-status').textContent()).toBe('Scheduled');
    // Only what can be done is offered.
    expect(await row(page, 'accepted').locator('button').count()).toBe(0);
    expect(await row(page, 'failed').getByTestId('outbox-retry').count()).toBe(1);
    expect(await row(page, 'scheduled').getByTestId('outbox-cancel').count()).toBe(1);
    expect(await page.locator('[data-testid="outbox-table"] th').allTextContents()).toEqual(['Created', 'Message', 'Status', 'Attempts', 'Actions']);
    await shot(page, 'outbox-02-settings-outbox');
  });

  it('has no serious or critical axe violations, and every control is labelled', async () => {
    expect(await axeProblems(page)).toEqual([]);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('[role=tabpanel]:not([hidden]) select')].filter((el) => !(el as HTMLSelectElement).labels?.length).length,
    );
    expect(unlabelled).toBe(0);
  });

  it('cancels the scheduled message with the keyboard: it becomes cancelled', async () => {
    await row(page, 'scheduled').getByTestId('outbox-cancel').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, 'scheduled').getAttribute('data-status')).toBe('cancelled');
    expect(await row(page, 'scheduled').getByTestId('outbox-status').textContent()).toBe('Cancelled');
    expect(await row(page, 'scheduled').locator('button').count()).toBe(0);
    expect((await b.s.api('GET', `/api/v1/messages/${ids.scheduled}`)).body.status).toBe('cancelled');
  });

  it('retries the failed message once the cause is gone: it becomes accepted by Microsoft', async () => {
    b.s.emulator.clearFaults();
    await row(page, 'failed').getByTestId('outbox-retry').click();
    await expect.poll(() => row(page, 'failed').getAttribute('data-status'), { timeout: 15_000 }).toBe('accepted');
    expect(await row(page, 'failed').getByTestId('outbox-status').textContent()).toBe('Accepted by Microsoft');
    expect((await b.s.waitForMessage(ids.failed!, { until: done })).status).toBe('accepted');
    await shot(page, 'outbox-03-cancelled-and-retried');
  });

  it('a cancel that lost the race shows the refusal beside the row, and the row its real state', async () => {
    // Cancelled elsewhere meanwhile: this page still offers Cancel until it refreshes.
    expect((await b.s.api('POST', `/api/v1/messages/${ids.retrying}/cancel`)).body.status).toBe('cancelled');
    await row(page, 'retrying').getByTestId('outbox-cancel').click();
    await expect.poll(() => row(page, 'retrying').getByTestId('outbox-action-error').isVisible()).toBe(true);
    await expect.poll(() => row(page, 'retrying').getAttribute('data-status')).toBe('cancelled');
    expect(await row(page, 'retrying').getByTestId('outbox-cancel').count()).toBe(0);
  });

  it('filters by status and refreshes on demand', async () => {
    await page.getByTestId('outbox-filter').selectOption('accepted');
    await expect.poll(() => page.getByTestId('outbox-row').count()).toBe(2);
    expect(await page.locator('[data-testid="outbox-row"]').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-status') === 'accepted'))).toBe(true);
    await page.getByTestId('outbox-filter').selectOption('scheduled');
    await expect.poll(() => page.getByTestId('outbox-empty').isVisible()).toBe(true);
    const later = await b.s.api('POST', `/api/v1/accounts/${anaId}/messages`, message('Later', { sendAt: inOneDay() }));
    ids.later = later.body.id;
    await page.getByTestId('outbox-refresh').click();
    await expect.poll(() => row(page, 'later').count()).toBe(1);
    await page.getByTestId('outbox-filter').selectOption('');
    await expect.poll(() => page.getByTestId('outbox-row').count()).toBe(5);
  });

  it('the admin area shows every account’s outbox, with the account’s address', async () => {
    await page.goto(`${b.s.url}/admin`);
    const table = page.getByTestId('admin-outbox-table');
    await expect.poll(() => table.locator('[data-testid="outbox-row"]').count()).toBe(7);
    await expect.poll(() => row(page, 'cara').getByTestId('outbox-account').textContent()).toBe(CARA);
    expect(await row(page, 'accepted').getByTestId('outbox-account').textContent()).toBe(ANA);
    expect(await row(page, 'held').getByTestId('outbox-account').textContent()).toBe(DORA);
    // Held for a person: "waiting" with the cause and the fix.
    const held = (await b.s.api('GET', `/api/v1/messages/${ids.held}`, undefined, { lang: 'en' })).body;
    expect(await row(page, 'held').getByTestId('outbox-status').textContent()).toBe('Scheduled');
    const heldText = await row(page, 'held').getByTestId('outbox-held').textContent();
    expect(heldText).toContain(`Waiting: ${held.lastDiagnosis.cause}`);
    expect(heldText).toContain(held.lastDiagnosis.fix);
    expect(await row(page, 'held').getByTestId('outbox-cancel').count()).toBe(1);
    expect(await table.locator('th').allTextContents()).toEqual(['Created', 'Message', 'Account', 'Status', 'Attempts', 'Actions']);
    await page.getByTestId('admin-outbox-filter').selectOption('scheduled');
    await expect.poll(() => table.locator('[data-testid="outbox-row"]').count()).toBe(2); // Ana's "Later" and Dora's held one
    await page.getByTestId('admin-outbox-filter').selectOption('');
    await expect.poll(() => table.locator('[data-testid="outbox-row"]').count()).toBe(7);
    expect(await axeProblems(page)).toEqual([]);
    await page.locator('#admin-outbox-title').scrollIntoViewIfNeeded();
    await shot(page, 'outbox-04-admin-outbox');
  });

  it('speaks Spanish for a Spanish browser, diagnoses included', async () => {
    b.s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: ANA, graphError: 'ErrorInvalidRecipients', times: 1 });
    ids.failedEs = (await b.s.send(anaId, message('Rechazado'))).id;
    const es = await (await b.context('es-ES')).newPage();
    await b.signIn(es);
    await es.goto(`${b.s.url}/settings`);
    await expect.poll(() => es.getByTestId('delivery-guarantee-value').textContent()).toBe('Exactamente una vez');
    expect(await es.getByTestId('tab-outbox').textContent()).toBe('Bandeja de salida');
    await openOutbox(es);
    await expect.poll(() => row(es, 'accepted').getByTestId('outbox-status').textContent()).toBe('Aceptado por Microsoft');
    expect(await row(es, 'scheduled').getByTestId('outbox-status').textContent()).toBe('Cancelado');
    expect(await row(es, 'later').getByTestId('outbox-status').textContent()).toBe('Programado');
    const fix = (await b.s.api('GET', `/api/v1/messages/${ids.failedEs}`, undefined, { lang: 'es' })).body.lastDiagnosis.fix as string;
    expect(await row(es, 'failedEs').getByTestId('outbox-status').textContent()).toBe('Fallido');
    expect(await row(es, 'failedEs').getByTestId('outbox-diagnosis').textContent()).toContain(fix);
    expect(await row(es, 'failedEs').getByTestId('outbox-retry').textContent()).toBe('Reintentar');
    expect(await es.locator('[data-testid="outbox-table"] th').allTextContents()).toEqual(['Creado', 'Mensaje', 'Estado', 'Intentos', 'Acciones']);
    expect(await es.getAttribute('html', 'lang')).toBe('es');
    expect(await axeProblems(es)).toEqual([]);
    await shot(es, 'outbox-05-settings-outbox-es');
    await es.goto(`${b.s.url}/admin`);
    await expect.poll(() => es.locator('#admin-outbox-title').textContent()).toBe('Bandeja de salida de todas las cuentas');
    await expect.poll(() => row(es, 'held').getByTestId('outbox-held').textContent()).toMatch(/^En espera: /);
    expect(errorsOf(es)).toEqual([]);
  });

  it('an account linked without Mail.ReadWrite says it sends at least once, and how to get exactly-once', async () => {
    const { s } = b;
    expect((await s.configureApp({ requestMailReadWrite: false })).status).toBe(200);
    const erin = 'erin@contoso.example';
    s.emulator.createUser({ email: erin, tenantId: s.tenantId });
    const user = await s.api('POST', '/api/v1/users', { email: erin, role: 'user' });
    const erinId = (await s.createAccount(erin, { userId: user.body.id })).id as string;
    expect((await s.link(erinId, erin)).html).toContain('Linking successful!');
    const link = await s.api('POST', `/api/v1/users/${user.body.id}/settings-link`);
    const own = await (await b.context('en-US')).newPage();
    await own.goto(link.body.url);
    await own.waitForURL((u) => u.pathname === '/settings');
    await expect.poll(() => own.getByTestId('delivery-guarantee').getAttribute('data-guarantee')).toBe('at_least_once');
    expect(await own.getByTestId('delivery-guarantee-value').textContent()).toBe('At least once');
    const text = await own.getByTestId('delivery-guarantee-text').textContent();
    expect(text).toMatch(/twice/);
    expect(text).toContain('Mail.ReadWrite');
    expect(await axeProblems(own)).toEqual([]);
    await shot(own, 'outbox-06-guarantee-at-least-once');
    // A user sees only their own account's outbox: empty here.
    await own.getByTestId('tab-outbox').click();
    await expect.poll(() => own.getByTestId('outbox-empty').isVisible()).toBe(true);
    expect(errorsOf(own)).toEqual([]);
  });

  it('logged no console errors (but the refused cancel)', () => {
    const refused = `409 (Conflict) ${b.s.url}/api/v1/messages/${ids.retrying}/cancel`;
    expect(errorsOf(page).filter((e) => !e.endsWith(refused))).toEqual([]);
  });
});
