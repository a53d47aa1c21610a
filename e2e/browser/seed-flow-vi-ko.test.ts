import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fill, messages, type Locale } from '@mailbridge/contract';
import ko from '../../web/src/locales/ko.json' with { type: 'json' };
import vi from '../../web/src/locales/vi.json' with { type: 'json' };
import { shot } from '../support/chromium.js';
import { errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';

const pages: Record<'vi' | 'ko', Record<string, string>> = { vi, ko };

/**
 * The seed's flow in the NocoBase seed's other languages (issue 10), in a real browser with a
 * Vietnamese, then a Korean browser: the sandbox's app, the settings in that language, Link
 * account → the unsaved-data dialog → Save and link → sign in → the callback page → ✓ → the test
 * email's answer → Unlink, every text the page shows taken from that language's file.
 */
describe('the seed flow in Vietnamese and in Korean (browser)', () => {
  let b: BrowserStack;
  beforeAll(async () => {
    b = await startBrowserStack();
  });
  afterAll(async () => {
    await b?.close();
  });

  for (const [lang, browserLocale] of [['vi', 'vi-VN'], ['ko', 'ko-KR']] as const) {
    it(`${lang}: from the sandbox's app to a test email and back`, async () => {
      const t = (key: string, params: Record<string, string> = {}) => fill(pages[lang][key]!, params);
      const page = await (await b.context(browserLocale)).newPage();
      await b.signIn(page);
      await page.goto(`${b.s.url}/sandbox`);
      await expect.poll(() => page.getByTestId('sandbox-clientId').textContent()).toMatch(/[0-9a-f-]{36}/);
      const clientId = (await page.getByTestId('sandbox-clientId').textContent())!.match(/[0-9a-f-]{36}/)![0];
      const secret = (await page.getByTestId('sandbox-clientSecret').textContent())!.trim();

      await page.goto(`${b.s.url}/settings`);
      await page.getByTestId('account-email').waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getByTestId('language-select').inputValue()).toBe(lang);
      const body = (await page.textContent('body'))!;
      for (const key of ['account.redirectUri', 'account.notLinked', 'account.link']) expect(body, key).toContain(t(key));
      // Each language links the other sandbox user, so the settings are new data each time.
      const [sender, recipient] = lang === 'vi' ? ['ana@sandbox.mailbridge.test', 'ben@sandbox.mailbridge.test'] : ['ben@sandbox.mailbridge.test', 'ana@sandbox.mailbridge.test'];
      await page.getByTestId('account-email').fill(sender);
      await page.getByTestId('account-client-id').fill(clientId);
      await page.getByTestId('account-client-secret').fill(secret);
      await page.getByTestId('link-account').click();
      await expect.poll(() => page.getByRole('dialog').textContent()).toContain(t('unsaved.text'));
      await shot(page, `${lang}-unsaved-dialog`);
      const popupPromise = page.waitForEvent('popup');
      await page.getByTestId('save-and-link').click();
      const popup = await popupPromise;
      await popup.waitForURL((u) => u.pathname.endsWith('/oauth2/v2.0/authorize'));
      await popup.locator('button[name="account"]').first().click();
      if (await popup.locator('button[name="consent"][value="accept"]').count()) await popup.locator('button[name="consent"][value="accept"]').click();
      await popup.waitForURL((u) => u.pathname === '/oauth/callback');
      expect(await popup.textContent('body')).toContain(messages[lang as Locale].pages['link.success.title']);
      await popup.waitForEvent('close', { timeout: 10_000 });
      await expect.poll(() => page.getByTestId('oauth-status').textContent()).toContain(sender);

      await page.getByTestId('test-recipient').fill(recipient);
      await page.getByTestId('send-test').click();
      await expect.poll(() => page.getByTestId('test-result').textContent(), { timeout: 40_000 }).toBe(t('test.accepted', { to: recipient }));
      await shot(page, `${lang}-test-accepted`);

      await page.getByTestId('unlink-account').click();
      await expect.poll(() => page.getByTestId('oauth-status').textContent()).toContain(t('account.notLinked'));
      expect(errorsOf(page)).toEqual([]);
    }, 90_000);
  }
});
