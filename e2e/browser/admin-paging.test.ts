import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';

/** Issue 6: the admin lists read by pages ("Show more"); the settings page still finds your account. */
describe('paged lists in the web UI (browser)', () => {
  let b: BrowserStack;
  let adminId: string;

  const inBatches = async (count: number, make: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < count; i += 20) await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => make(i + j)));
  };

  beforeAll(async () => {
    b = await startBrowserStack();
    adminId = (await b.s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id;
    // 55 more users (57 in all) and 110 accounts of the key's admin before the signed-in admin's own.
    await inBatches(55, (i) => b.s.api('POST', '/api/v1/users', { email: `person${i}@example.test`, role: 'user' }));
    await inBatches(110, (i) => b.s.createAccount(`box${i}@example.test`));
    await b.s.createAccount('mine@example.test', { userId: adminId });
  });
  afterAll(() => b?.close());

  it('the admin page shows 50 users and 50 accounts, then the rest with "Show more"', async () => {
    const page = await (await b.context()).newPage();
    await b.signIn(page);
    await page.goto(`${b.s.url}/admin`);
    const users = page.getByTestId('user-row');
    const accounts = page.getByTestId('account-row');
    await expect.poll(() => users.count()).toBe(50);
    await expect.poll(() => accounts.count()).toBe(50);

    await page.getByTestId('users-more').click();
    await expect.poll(() => users.count()).toBe(57);
    expect(await page.getByTestId('users-more').count()).toBe(0);

    await page.getByTestId('accounts-more').click();
    await expect.poll(() => accounts.count()).toBe(100);
    await page.getByTestId('accounts-more').click();
    await expect.poll(() => accounts.count()).toBe(111);
    expect(await page.getByTestId('accounts-more').count()).toBe(0);
    const emails = await page.locator('[data-testid="account-row"] td:first-child').allTextContents();
    expect(new Set(emails).size).toBe(111);

    // An action that reloads the lists keeps what was shown.
    await page.locator('[data-testid="user-row"][data-email="person54@example.test"] [data-testid="user-toggle-disabled"]').click();
    await expect.poll(() => page.locator('[data-testid="user-row"][data-email="person54@example.test"]').textContent()).toContain('Disabled');
    expect(await users.count()).toBe(57);
    expect(errorsOf(page)).toEqual([]);
  });

  it('in Spanish the button says so', async () => {
    const page = await (await b.context('es-ES')).newPage();
    await b.signIn(page);
    await page.goto(`${b.s.url}/admin`);
    await expect.poll(() => page.getByTestId('accounts-more').textContent()).toBe('Mostrar más cuentas');
    expect(await page.getByTestId('users-more').textContent()).toBe('Mostrar más usuarios');
  });

  it("the settings page finds the admin's own account, though 110 others come before it", async () => {
    const page = await (await b.context()).newPage();
    await b.signIn(page);
    await page.goto(`${b.s.url}/settings`);
    await expect.poll(() => page.getByTestId('account-email').inputValue()).toBe('mine@example.test');
    expect(errorsOf(page)).toEqual([]);
  });
});
