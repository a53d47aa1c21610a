import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { SessionClient } from '../support/session-client.js';
import { TestBrowser } from '../support/test-browser.js';

/** Linking started from the settings page is bound to the signed-in owner's browser session. */
describe('link attempts started from a session', () => {
  let s: Stack;
  let owner: SessionClient;
  let accountId: string;
  const email = 'owner@contoso.example';
  const password = 'a long enough password';

  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_ADMIN_EMAIL: email, MAILBRIDGE_ADMIN_PASSWORD: password } });
    s.emulator.createUser({ email, tenantId: s.tenantId });
    await s.configureApp();
    owner = new SessionClient(s.url);
    await owner.signIn(email, password);
    const created = await owner.call('POST', '/api/v1/accounts', { email, sendingMethod: 'graph' });
    expect(created.status).toBe(201);
    accountId = created.body.id;
  });
  afterAll(() => s?.close());

  const start = async () => {
    const r = await owner.call('POST', `/api/v1/accounts/${accountId}/link`);
    expect(r.status).toBe(200);
    return r.body.authorizeUrl as string;
  };

  it('a browser without that session cannot open the start URL', async () => {
    const page = await new TestBrowser().open(await start());
    expect(page.status).toBe(400);
    expect(page.html).toContain('state_invalid');
  });

  it('the owner\'s browser session can, and the link completes', async () => {
    const browser = new TestBrowser();
    browser.jar.set(new URL(s.url).origin, new Map([['mb_session', { value: owner.cookie!, path: '/' }]]));
    let page = await browser.open(await start());
    expect(page.url.startsWith(s.emulator.url)).toBe(true);
    page = await browser.press(page, 'account', email);
    if (page.html.includes('name="consent"')) page = await browser.press(page, 'consent', 'accept');
    expect(page.html).toContain('Linking successful!');
  });

  it('an API-key start (a host application) is not tied to a session', async () => {
    const r = await s.api('POST', `/api/v1/accounts/${accountId}/link`);
    const page = await new TestBrowser().open(r.body.authorizeUrl);
    expect(page.url.startsWith(s.emulator.url)).toBe(true);
  });
});
