import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { TestBrowser } from '../support/test-browser.js';

/** Every failure at the callback renders a page with the named diagnosis and is recorded on the account. */
describe('linking failures', () => {
  let s: Stack;
  const alice = 'alice@contoso.example';
  const mallory = 'mallory@contoso.example';

  const freshAccount = async (email = alice) => (await s.createAccount(email)).id as string;
  const lastError = async (id: string) => (await s.api('GET', `/api/v1/accounts/${id}`)).body.lastError?.code;

  beforeAll(async () => {
    s = await startStack();
    s.emulator.createUser({ email: alice, tenantId: s.tenantId });
    s.emulator.createUser({ email: mallory, tenantId: s.tenantId });
    s.emulator.createUser({ email: 'pat@outlook.example', personal: true });
    await s.configureApp();
  });
  afterAll(() => s?.close());

  const expectFailurePage = (html: string, code: string) => {
    expect(html).toContain(code);
    expect(html).not.toMatch(/at \w+ \(|node_modules|Error: /);
  };

  it('no app configured → app_not_configured', async () => {
    const other = await startStack();
    try {
      const id = (await other.createAccount(alice)).id;
      const r = await other.api('POST', `/api/v1/accounts/${id}/link`);
      expect(r.status).toBe(424);
      expect(r.body.error.diagnosis.code).toBe('app_not_configured');
    } finally {
      await other.close();
    }
  });

  it('the user cancels at Microsoft → user_cancelled', async () => {
    const id = await freshAccount();
    const started = await s.api('POST', `/api/v1/accounts/${id}/link`);
    const b = new TestBrowser();
    const signIn = await b.open(started.body.authorizeUrl);
    const page = await b.press(signIn, 'cancel', '1');
    expect(page.status).toBe(400);
    expectFailurePage(page.html, 'user_cancelled');
    expect(await lastError(id)).toBe('user_cancelled');
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.status).toBe('not_linked');
  });

  it('the user declines consent → consent_required', async () => {
    const id = await freshAccount();
    const page = await s.link(id, alice, { consent: 'cancel' });
    expectFailurePage(page.html, 'consent_required');
    expect(await lastError(id)).toBe('consent_required');
  });

  it('another mailbox signs in → mailbox_mismatch, nothing linked', async () => {
    const id = await freshAccount();
    const page = await s.link(id, mallory);
    expectFailurePage(page.html, 'mailbox_mismatch');
    expect(page.html).toContain(mallory);
    const a = (await s.api('GET', `/api/v1/accounts/${id}`)).body;
    expect(a.status).toBe('not_linked');
    expect(a.lastError.code).toBe('mailbox_mismatch');
    expect(await s.mb.store.tokens.get(id)).toBeNull();
  });

  it('the address is compared case-insensitively', async () => {
    const id = await freshAccount('Alice@Contoso.Example');
    const page = await s.link(id, alice);
    expect(page.html).toContain('Linking successful!');
  });

  it('the callback in a browser that did not start the flow → state_invalid', async () => {
    const id = await freshAccount();
    const started = await s.api('POST', `/api/v1/accounts/${id}/link`);
    const victim = new TestBrowser();
    const signIn = await victim.open(started.body.authorizeUrl);
    // Stop before the callback: take Microsoft's redirect and replay it in another browser.
    const picked = await fetch(new URL(/action="([^"]*)"/.exec(signIn.html)![1]!.replace(/&amp;/g, '&'), signIn.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ flow: /name="flow" value="([^"]*)"/.exec(signIn.html)![1]!, account: alice }),
    });
    let location = picked.headers.get('location')!;
    if (!location.startsWith(s.url)) {
      const consent = await victim.open(new URL(location, signIn.url).toString());
      const accepted = await fetch(new URL(/action="([^"]*)"/.exec(consent.html)![1]!.replace(/&amp;/g, '&'), consent.url), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ flow: /name="flow" value="([^"]*)"/.exec(consent.html)![1]!, consent: 'accept' }),
      });
      location = accepted.headers.get('location')!;
    }
    expect(location.startsWith(`${s.url}/oauth/callback?`)).toBe(true);
    const attacker = await new TestBrowser().open(location);
    expectFailurePage(attacker.html, 'state_invalid');
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.status).toBe('not_linked');
  });

  it('a replayed callback (state reused) → state_invalid', async () => {
    const id = await freshAccount();
    const b = new TestBrowser();
    const page = await s.link(id, alice, { browser: b });
    expect(page.html).toContain('Linking successful!');
    const again = await b.open(page.url);
    expectFailurePage(again.html, 'state_invalid');
  });

  it('an unknown or missing state → state_invalid page', async () => {
    const r1 = await new TestBrowser().open(`${s.url}/oauth/callback?code=abc&state=nope`);
    expect(r1.status).toBe(400);
    expectFailurePage(r1.html, 'state_invalid');
    const r2 = await new TestBrowser().open(`${s.url}/oauth/callback`);
    expectFailurePage(r2.html, 'state_invalid');
  });

  it('a wrong client secret at code redemption → client_secret_invalid on the page and the account', async () => {
    const id = await freshAccount();
    s.emulator.injectFault({ endpoint: 'token', aadsts: 7000215 });
    const page = await s.link(id, alice);
    expectFailurePage(page.html, 'client_secret_invalid');
    expect(page.html).toContain('AADSTS7000215');
    expect(await lastError(id)).toBe('client_secret_invalid');
  });

  it('an expired client secret → client_secret_expired', async () => {
    const other = s.emulator.createApp({ tenantId: s.tenantId, redirectUris: [`${s.url}/oauth/callback`] });
    const expired = s.emulator.addSecret(other.clientId, { expiresAt: Date.now() - 1000 });
    const id = (await s.createAccount(alice, { app: { clientId: other.clientId, clientSecret: expired.value } })).id;
    const page = await s.link(id, alice);
    expectFailurePage(page.html, 'client_secret_expired');
    expect(await lastError(id)).toBe('client_secret_expired');
  });

  it("an account's own app (the per-user model) links and sends", async () => {
    const own = s.emulator.createApp({ tenantId: s.tenantId, redirectUris: [`${s.url}/oauth/callback`] });
    const secret = s.emulator.addSecret(own.clientId);
    const id = (await s.createAccount(alice, { app: { clientId: own.clientId, clientSecret: secret.value } })).id;
    const page = await s.link(id, alice);
    expect(page.html).toContain('Linking successful!');
    const a = (await s.api('GET', `/api/v1/accounts/${id}`)).body;
    expect(a.app).toMatchObject({ source: 'account', clientId: own.clientId, clientSecret: { set: true, last4: secret.value.slice(-4) } });
    const tokenCall = s.emulator.requests({ endpoint: 'token' }).at(-1)!;
    expect(tokenCall.form?.client_id).toBe(own.clientId);
  });

  it('a personal account on an organisations-only app → account_type_mismatch', async () => {
    const orgOnly = s.emulator.createApp({ tenantId: s.tenantId, signInAudience: 'AzureADMultipleOrgs', redirectUris: [`${s.url}/oauth/callback`] });
    const secret = s.emulator.addSecret(orgOnly.clientId);
    const id = (await s.createAccount('pat@outlook.example', { app: { clientId: orgOnly.clientId, clientSecret: secret.value } })).id;
    const page = await s.link(id, 'pat@outlook.example');
    expectFailurePage(page.html, 'account_type_mismatch');
    expect(await lastError(id)).toBe('account_type_mismatch');
  });

  it('the failure page is in Spanish for a Spanish browser, and escapes Microsoft text', async () => {
    const id = await freshAccount();
    s.emulator.injectFault({ endpoint: 'token', status: 400, body: { error: 'invalid_request', error_description: 'AADSTS999999: <script>alert(1)</script>"><img src=x onerror=alert(2)>' } });
    const page = await s.link(id, alice, { browser: new TestBrowser({ 'accept-language': 'es-ES,es;q=0.9' }) });
    expect(page.html).toContain('lang="es"');
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).not.toContain('<img src=x');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
