import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { shot } from '../support/chromium.js';
import { errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';

/**
 * The seed's whole flow, in the sandbox, in a real browser: sign in → the sandbox plays Azure
 * (copy client ID and secret Value) → fill the settings → Link account → "Data not saved" →
 * Save and link → popup → sign in → consent → success window closes itself → ✓ address →
 * test email → it shows in the sandbox inbox → Unlink.
 */
describe('the seed flow in the sandbox (browser)', () => {
  let b: BrowserStack;
  let ctx: BrowserContext;
  let page: Page;
  const ana = 'ana@sandbox.mailbridge.test';
  const ben = 'ben@sandbox.mailbridge.test';
  let clientId = '';
  let secret = '';

  beforeAll(async () => {
    b = await startBrowserStack();
    ctx = await b.context('en-US');
    page = await ctx.newPage();
  });
  afterAll(async () => {
    await b?.close();
  });

  it('signs in', async () => {
    await b.signIn(page);
    await shot(page, '01-signed-in');
  });

  it('the sandbox page plays the Azure portal: client ID and secret Value to copy', async () => {
    await page.goto(`${b.s.url}/sandbox`);
    await expect.poll(() => page.getByTestId('sandbox-clientId').textContent()).toMatch(/[0-9a-f-]{36}/);
    clientId = (await page.getByTestId('sandbox-clientId').textContent())!.match(/[0-9a-f-]{36}/)![0];
    secret = (await page.getByTestId('sandbox-clientSecret').textContent())!.trim();
    expect(secret).toMatch(/~/);
    // Labelled as a sandbox wherever it appears.
    expect(await page.locator('h1').first().textContent()).toMatch(/sandbox/i);
    await shot(page, '02-sandbox-portal');
  });

  it('a fresh settings page shows the redirect URI to register, with its copy button, before anything is saved', async () => {
    await page.goto(`${b.s.url}/settings`);
    await expect.poll(() => page.getByTestId('redirect-uri').textContent()).toBe(`${b.s.url}/oauth/callback`);
    expect(await page.getByTestId('redirect-uri-copy').isVisible()).toBe(true);
    expect(await page.getByTestId('account-email').inputValue()).toBe('');
  });

  it('fills the mail account fields like the seed', async () => {
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('account-email').fill(ana);
    await page.getByTestId('account-client-id').fill(clientId);
    await page.getByTestId('account-client-secret').fill(secret);
    await shot(page, '03-settings-filled');
  });

  it('Link account with unsaved data opens the dialog; Save and link opens Microsoft in a popup', async () => {
    await page.getByTestId('link-account').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('The Microsoft data has not been saved yet. Save it now to continue linking?');
    await shot(page, '04-unsaved-dialog');
    const popupPromise = page.waitForEvent('popup');
    await page.getByTestId('save-and-link').click();
    const popup = await popupPromise;
    await popup.waitForLoadState();
    await popup.waitForURL((u) => u.pathname.endsWith('/oauth2/v2.0/authorize'));
    await shot(popup, '05-microsoft-sign-in');
    // The address entered is the login hint: it is offered first.
    const first = popup.locator('button[name="account"]').first();
    expect(await first.getAttribute('value')).toBe(ana);
    await first.click();
    if (await popup.locator('button[name="consent"][value="accept"]').count()) {
      await shot(popup, '06-consent');
      await popup.locator('button[name="consent"][value="accept"]').click();
    }
    await popup.waitForURL((u) => u.pathname === '/oauth/callback');
    expect(await popup.textContent('body')).toContain('Linking successful!');
    await shot(popup, '07-linking-successful');
    await popup.waitForEvent('close', { timeout: 10_000 });
    await expect.poll(() => page.getByTestId('oauth-status').textContent()).toContain(ana);
    expect(await page.getByTestId('oauth-status').textContent()).toContain('✓');
    await shot(page, '08-linked');
  });

  it('sends a test email and says only what Microsoft said', async () => {
    await page.getByTestId('test-recipient').fill(ben);
    await page.getByTestId('send-test').click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toBe(`Email accepted by Microsoft for delivery. Check the inbox of ${ben}.`);
    await shot(page, '09-test-accepted');
  });

  it('the message shows in the sandbox inbox', async () => {
    await page.goto(`${b.s.url}/sandbox`);
    const message = page.getByTestId('sandbox-message').filter({ hasText: 'Mailbridge test email' });
    await expect.poll(() => message.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await message.first().textContent()).toContain(ben);
    await shot(page, '10-sandbox-inbox');
  });

  it('unlinks', async () => {
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('unlink-account').click();
    await expect.poll(() => page.getByTestId('oauth-status').textContent()).toContain('Not linked');
    await expect.poll(() => page.getByTestId('send-test').isDisabled()).toBe(true);
    await shot(page, '11-unlinked');
  });

  it('logged no console errors', () => {
    expect(errorsOf(page)).toEqual([]);
  });
});
