import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, shot } from '../support/chromium.js';
import { errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { sandboxControl } from '../support/sandbox-control.js';

/** Accessibility, keyboard use, Spanish, the signed settings link and XSS, in a real browser. */
describe('access, languages and safety (browser)', () => {
  let b: BrowserStack;
  let page: Page;

  const unlabelledInputs = (p: Page) =>
    p.evaluate(() =>
      [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter((el) => {
          const e = el as HTMLInputElement;
          return !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'));
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );

  beforeAll(async () => {
    b = await startBrowserStack();
    page = await (await b.context('en-US')).newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
  });

  it.each(['/settings', '/guide', '/admin', '/sandbox'])('%s: no serious or critical axe violations, every input labelled, lang set', async (path) => {
    await page.goto(`${b.s.url}${path}`);
    await page.waitForLoadState('networkidle');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await unlabelledInputs(page)).toEqual([]);
    const violations = await axeSerious(page);
    expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    await shot(page, `a11y${path.replace(/\//g, '-')}`);
  });

  it('the login page passes axe too', async () => {
    const anon = await (await b.context('en-US')).newPage();
    await anon.goto(`${b.s.url}/login`);
    await anon.waitForLoadState('networkidle');
    expect(await unlabelledInputs(anon)).toEqual([]);
    expect(await axeSerious(anon)).toEqual([]);
  });

  it('the unsaved-data dialog works by keyboard only: focus trapped, Escape closes, focus restored', async () => {
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('account-email').fill('ana@sandbox.mailbridge.test');
    await page.getByTestId('link-account').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'));
    expect(await inDialog()).toBe(true);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await inDialog()).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await inDialog()).toBe(true);
    await shot(page, 'keyboard-dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('link-account');
  });

  it('the tabs follow the keyboard (arrow keys)', async () => {
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('tab-account').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-defaults');
    expect(await page.getByTestId('tab-defaults').getAttribute('aria-selected')).toBe('true');
  });

  it('speaks Spanish end to end for a Spanish browser', async () => {
    const es = await (await b.context('es-ES')).newPage();
    await b.signIn(es);
    await es.goto(`${b.s.url}/settings`);
    await es.getByTestId('account-email').waitFor();
    expect(await es.getAttribute('html', 'lang')).toBe('es');
    const body = (await es.textContent('body'))!;
    for (const words of ['Método de envío', 'Cuenta de correo', 'URI de redirección a registrar en Azure', 'Cuenta OAuth', 'No vinculada', 'Vincular cuenta', 'Enviar correo de prueba']) expect(body).toContain(words);
    await es.getByTestId('account-email').fill('ana@sandbox.mailbridge.test');
    await es.getByTestId('link-account').click();
    expect(await es.getByRole('dialog').textContent()).toContain('Los datos de Microsoft aún no se han guardado. ¿Deseas guardarlos ahora para continuar con la vinculación?');
    await shot(es, 'es-dialog');
    await es.keyboard.press('Escape');
    // A server diagnosis arrives in Spanish too.
    await es.getByTestId('account-client-id').fill('no-es-un-guid');
    await es.getByTestId('account-save').click();
    await expect.poll(() => es.getByTestId('account-client-id-error').textContent()).toMatch(/GUID|ID/);
    await es.goto(`${b.s.url}/guide`);
    expect(await es.getByTestId('troubleshooting-table').textContent()).toContain('secreto');
    await shot(es, 'es-guide');
  });

  it('a signed settings link opens one user\'s settings without a password, once', async () => {
    const user = await b.s.api('POST', '/api/v1/users', { email: 'erp-user@sandbox.mailbridge.test', role: 'user' });
    const link = await b.s.api('POST', `/api/v1/users/${user.body.id}/settings-link`);
    expect(link.status).toBe(201);
    const host = await (await b.context('en-US')).newPage();
    await host.goto(link.body.url);
    await host.waitForURL((u) => u.pathname === '/settings');
    await expect.poll(() => host.getByTestId('account-email').isVisible()).toBe(true);
    expect(await host.getByTestId('nav-admin').count()).toBe(0);
    await shot(host, 'settings-link');
    const again = await (await b.context('en-US')).newPage();
    const r = await again.goto(link.body.url);
    expect(r!.status()).toBe(400);
  });

  it('shows hostile text from Microsoft as text (no XSS)', async () => {
    const sandbox = (await b.s.api('GET', '/api/v1/sandbox')).body;
    sandboxControl(b.s.mb).injectFault({ endpoint: 'token', status: 400, body: { error: 'invalid_request', error_description: 'AADSTS999999: <script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">' } });
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('account-email').fill('ana@sandbox.mailbridge.test');
    await page.getByTestId('account-client-id').fill(sandbox.app.clientId);
    await page.getByTestId('account-client-secret').fill(sandbox.app.clientSecret);
    await page.getByTestId('account-save').click();
    await expect.poll(() => page.getByTestId('account-saved').isVisible()).toBe(true);
    const popupPromise = page.waitForEvent('popup');
    await page.getByTestId('link-account').click();
    const popup = await popupPromise;
    await popup.locator('button[name="account"][value="ana@sandbox.mailbridge.test"]').click();
    const accept = popup.locator('button[name="consent"][value="accept"]');
    if (await accept.count()) await accept.click();
    await popup.waitForURL((u) => u.pathname === '/oauth/callback');
    expect(await popup.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await popup.locator('main img').count()).toBe(0);
    await popup.close();
    await expect.poll(() => page.getByTestId('link-error').textContent()).toContain('<img src=x');
    expect(await page.getByTestId('link-error').locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toBe(0);
    await shot(page, 'xss-as-text');
  });

  it('a blocked popup is detected and explained', async () => {
    const ctx = await b.context('en-US');
    // What a popup blocker does: window.open returns null.
    await ctx.addInitScript(() => {
      window.open = () => null;
    });
    const blocked = await ctx.newPage();
    await b.signIn(blocked);
    await blocked.goto(`${b.s.url}/settings`);
    await blocked.getByTestId('account-email').fill('ana@sandbox.mailbridge.test');
    await blocked.getByTestId('account-save').click();
    await expect.poll(() => blocked.getByTestId('account-saved').isVisible()).toBe(true);
    await blocked.getByTestId('link-account').click();
    await expect.poll(() => blocked.getByTestId('link-popup-blocked').isVisible()).toBe(true);
    expect(await blocked.getByTestId('link-popup-blocked').textContent()).toMatch(/pop-up/i);
    await shot(blocked, 'popup-blocked');
  });

  it('logged no console errors', () => {
    expect(errorsOf(page)).toEqual([]);
  });
});
