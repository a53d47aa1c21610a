import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, shot, watchConsole } from '../support/chromium.js';
import { sandboxControl } from '../support/sandbox-control.js';
import { startStack, type Stack } from '../support/stack.js';
import { announceFirstRun } from '../../server/src/main/first-run.js';

/**
 * A fresh server: the one-time setup URL from the log → the first admin → "try the sandbox" →
 * apply it in one click → labelled everywhere; then the admin area's banners.
 */
describe('first run, the sandbox choice and the admin banners (browser)', () => {
  let s: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const email = 'founder@example.test';
  const password = 'a first admin password';

  beforeAll(async () => {
    s = await startStack({ sandbox: true });
    await announceFirstRun(s.mb);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 } })).newPage();
    errors = watchConsole(page);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the setup URL printed in the log opens the first-run screen, which creates the first admin', async () => {
    const line = s.logs.map((l) => JSON.parse(l).msg as string).find((m) => m?.startsWith('First run: open '));
    expect(line).toBeDefined();
    const url = line!.split(' ')[3]!;
    expect(url).toMatch(new RegExp(`^${s.url}/setup\\?code=`));
    await page.goto(url);
    await page.getByTestId('setup-email').fill(email);
    await page.getByTestId('setup-password').fill(password);
    await shot(page, 'first-run-form');
    await page.getByTestId('setup-submit').click();
    await expect.poll(() => page.getByTestId('choose-sandbox').isVisible()).toBe(true);
    expect(await page.getByTestId('choose-real').isVisible()).toBe(true);
    await shot(page, 'first-run-choice');
    expect((await s.api('GET', '/api/v1/setup', undefined, { key: null })).body.needsFirstAdmin).toBe(false);
  });

  it('"try the sandbox" → apply it as the organisation app in one click; labelled as a sandbox everywhere', async () => {
    await page.getByTestId('choose-sandbox').click();
    await page.waitForURL((u) => u.pathname === '/sandbox');
    await page.getByTestId('sandbox-apply').click();
    await expect.poll(() => page.getByTestId('sandbox-active').isVisible()).toBe(true);
    const app = (await s.api('GET', '/api/v1/microsoft-app')).body;
    expect(app.cloud).toBe('sandbox');
    for (const path of ['/settings', '/admin', '/guide']) {
      await page.goto(`${s.url}${path}`);
      await expect.poll(() => page.getByTestId('sandbox-banner').isVisible()).toBe(true);
    }
    await shot(page, 'sandbox-applied-banner');
  });

  it('the admin area warns before the client secret expires, and about accounts to relink', async () => {
    const app = (await s.api('GET', '/api/v1/microsoft-app')).body;
    const soon = new Date(Date.now() + 10 * 24 * 3600_000).toISOString();
    expect((await s.api('PUT', '/api/v1/microsoft-app', { cloud: 'sandbox', clientId: app.clientId, clientSecretExpiresAt: soon })).status).toBe(200);
    const ana = 'ana@sandbox.mailbridge.test';
    const id = (await s.createAccount(ana)).id;
    expect((await s.link(id, ana)).html).toContain('Linking successful!');
    sandboxControl(s.mb).revokeRefreshTokens(ana);
    sandboxControl(s.mb).expireAccessTokens(ana);
    expect((await s.api('POST', `/api/v1/accounts/${id}/test`, { to: 'ben@sandbox.mailbridge.test' })).body.error.diagnosis.code).toBe('grant_revoked');

    await page.goto(`${s.url}/admin`);
    await expect.poll(() => page.getByTestId('banner-secret-expiring').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('banner-reconnect').isVisible()).toBe(true);
    const row = page.getByTestId('account-row').filter({ hasText: ana });
    expect(await row.getAttribute('data-status')).toBe('reconnect_needed');
    expect(await row.textContent()).toMatch(/revoked|again|link/i);
    await shot(page, 'admin-banners');
  });

  it('shows a hostile display name as text in the admin area', async () => {
    const hostile = '"><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    expect((await s.api('POST', '/api/v1/users', { email: 'mallory@example.test', name: hostile, role: 'user' })).status).toBe(201);
    await page.goto(`${s.url}/admin`);
    const row = page.getByTestId('user-row').filter({ hasText: 'mallory@example.test' });
    await expect.poll(() => row.textContent()).toContain('<img src=x');
    expect(await row.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('the setup guide remembers the ticked steps', async () => {
    await page.goto(`${s.url}/guide`);
    const first = page.locator('[data-testid^="guide-step-"]').first();
    await first.check();
    await page.reload();
    await expect.poll(() => page.locator('[data-testid^="guide-step-"]').first().isChecked()).toBe(true);
    expect(await page.getByTestId('guide-redirect-uri').textContent()).toContain(`${s.url}/oauth/callback`);
    await shot(page, 'guide-remembered');
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
