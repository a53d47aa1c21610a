import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, watchConsole } from './chromium.js';
import { startStack, type Stack, type StackOptions } from './stack.js';

export const ADMIN_EMAIL = 'admin@example.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface BrowserStack {
  s: Stack;
  browser: Browser;
  /** A fresh browser profile, in a language. */
  context(locale?: string): Promise<BrowserContext>;
  /** Signs the admin in through the login page. */
  signIn(page: Page, email?: string, password?: string): Promise<void>;
  consoleErrors: string[];
  track(page: Page): Page;
  close(): Promise<void>;
}

/**
 * Mailbridge with the sandbox and the built web UI, an admin with a password, and Chromium.
 * `env` adds to (or overrides) the server's environment, e.g. MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE.
 */
export async function startBrowserStack(opts: { env?: Record<string, string>; envFor?: StackOptions['envFor'] } = {}): Promise<BrowserStack> {
  const s = await startStack({ sandbox: true, env: { MAILBRIDGE_ADMIN_EMAIL: ADMIN_EMAIL, MAILBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD, ...opts.env }, ...(opts.envFor ? { envFor: opts.envFor } : {}) });
  const browser = await launchChromium();
  const consoleErrors: string[] = [];
  const track = (page: Page) => {
    const errors = watchConsole(page);
    page.on('close', () => consoleErrors.push(...errors));
    (page as Page & { _errors?: string[] })._errors = errors;
    return page;
  };
  return {
    s,
    browser,
    consoleErrors,
    track,
    async context(locale = 'en-US') {
      const ctx = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
      ctx.on('page', (p) => void track(p));
      return ctx;
    },
    async signIn(page, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
      await page.goto(`${s.url}/login`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    },
    async close() {
      await browser.close();
      await s.close();
    },
  };
}

/** Errors a page logged so far (console errors and uncaught exceptions). */
export const errorsOf = (page: Page): string[] => (page as Page & { _errors?: string[] })._errors ?? [];
