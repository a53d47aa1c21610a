import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { shot } from '../support/chromium.js';
import { startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { sandboxControl } from '../support/sandbox-control.js';

/** Each row of the seed's troubleshooting table, provoked for real, shows its diagnosis on the page. */
describe('troubleshooting rows in the browser', () => {
  let b: BrowserStack;
  let ctx: BrowserContext;
  let page: Page;
  let sandbox: { authorityUrl: string; app: { clientId: string; clientSecret: string } };
  const ana = 'ana@sandbox.mailbridge.test';

  // The sandbox's control methods are in-process only (its port does not serve /_emulator).
  const control = () => sandboxControl(b.s.mb);

  /** Fills and saves the account, then clicks Link account and returns the popup. */
  const fillAndLink = async (clientId: string, secret: string) => {
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('account-email').fill(ana);
    await page.getByTestId('account-client-id').fill(clientId);
    await page.getByTestId('account-client-secret').fill(secret);
    await page.getByTestId('account-save').click();
    await expect.poll(() => page.getByTestId('account-saved').isVisible()).toBe(true);
    const popupPromise = page.waitForEvent('popup');
    await page.getByTestId('link-account').click();
    const popup = await popupPromise;
    await popup.waitForLoadState();
    return popup;
  };
  const signInAs = async (popup: Page, email: string) => {
    await popup.locator(`button[name="account"][value="${email}"]`).click();
  };
  const expectDiagnosis = async (code: string) => {
    await expect.poll(() => page.getByTestId('link-error').getAttribute('data-code'), { timeout: 10_000 }).toBe(code);
    const text = await page.getByTestId('link-error').textContent();
    expect(text!.length).toBeGreaterThan(40);
  };

  beforeAll(async () => {
    b = await startBrowserStack();
    sandbox = (await b.s.api('GET', '/api/v1/sandbox')).body;
    ctx = await b.context('en-US');
    page = await ctx.newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
  });

  it('consent declined → consent_required', async () => {
    const popup = await fillAndLink(sandbox.app.clientId, sandbox.app.clientSecret);
    await signInAs(popup, ana);
    await popup.locator('button[name="consent"][value="cancel"]').click();
    await expectDiagnosis('consent_required');
    await shot(page, 'trouble-consent-declined');
    await popup.close();
  });

  it('wrong client secret → client_secret_invalid', async () => {
    const popup = await fillAndLink(sandbox.app.clientId, 'Wr0ng~SecretValueThatIsNotRegistered1234');
    await signInAs(popup, ana);
    const accept = popup.locator('button[name="consent"][value="accept"]');
    if (await accept.count()) await accept.click();
    await expectDiagnosis('client_secret_invalid');
    expect(await popup.textContent('body')).toContain('client_secret_invalid');
    await shot(page, 'trouble-wrong-secret');
    await popup.close();
  });

  it('expired client secret → client_secret_expired', async () => {
    const expired = control().addSecret(sandbox.app.clientId, { expiresAt: Date.now() - 60_000 });
    const popup = await fillAndLink(sandbox.app.clientId, expired.value);
    await signInAs(popup, ana);
    await expectDiagnosis('client_secret_expired');
    await shot(page, 'trouble-expired-secret');
    await popup.close();
  });

  it('the Secret ID pasted into the secret field is flagged before saving', async () => {
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('account-client-secret').fill('0f0c5d2a-3b1e-4c7d-9a8b-1e2f3a4b5c6d');
    await page.getByTestId('account-save').click();
    await expect.poll(() => page.getByTestId('account-client-secret-error').textContent()).toContain('This looks like the Secret ID — paste the secret Value');
    await shot(page, 'trouble-secret-id');
  });

  it('redirect URI not registered: Microsoft keeps its error page, the page explains with the exact values', async () => {
    // A real app (not the sandbox's), registered without Mailbridge's redirect URI.
    const tenant = b.s.emulator.createTenant({ domain: 'elsewhere.example' });
    const app = b.s.emulator.createApp({ tenantId: tenant.id, displayName: 'No redirect app', redirectUris: ['https://elsewhere.example/cb'] });
    const secret = b.s.emulator.addSecret(app.clientId);
    const popup = await fillAndLink(app.clientId, secret.value);
    expect(await popup.textContent('body')).toContain('AADSTS50011');
    await shot(popup, 'trouble-redirect-microsoft-page');
    await popup.close();
    const notice = page.getByTestId('link-popup-closed');
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    const text = (await notice.textContent())!;
    expect(text).toContain(`${b.s.url}/oauth/callback`);
    expect(text).toContain(app.clientId);
    await shot(page, 'trouble-redirect-explained');
  });
});
