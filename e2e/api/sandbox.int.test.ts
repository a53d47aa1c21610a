import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { compose } from '../../server/src/main/compose.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { startStack, type Stack } from '../support/stack.js';
import { TestBrowser } from '../support/test-browser.js';

const ana = 'ana@sandbox.mailbridge.test';
const ben = 'ben@sandbox.mailbridge.test';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the sandbox (MAILBRIDGE_SANDBOX=on)', () => {
  let s: Stack;
  let userKey: string;
  let accountId: string;
  let sandbox: { authorityUrl: string; app: { clientId: string; clientSecret: string; tenant: string; displayName: string } };

  beforeAll(async () => {
    s = await startStack({ sandbox: true });
    const user = await s.api('POST', '/api/v1/users', { email: 'someone@example.test', role: 'user' });
    userKey = (await s.api('POST', `/api/v1/users/${user.body.id}/api-keys`, {})).body.key;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says at start where it runs and how to remove it', () => {
    const line = s.logs.find((l) => l.includes('Sandbox: a stand-in for Microsoft runs at'));
    expect(line).toContain(`runs at ${s.mb.deps.sandbox!.url} (MAILBRIDGE_SANDBOX=off to remove it)`);
    expect(s.mb.deps.sandbox!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('GET /sandbox shows the app to copy, like the Azure portal, and its users', async () => {
    const setup = await s.api('GET', '/api/v1/setup', undefined, { key: null });
    expect(setup.body.sandbox).toEqual({ available: true, active: false });
    const r = await s.api('GET', '/api/v1/sandbox');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    sandbox = r.body;
    expect(r.body).toMatchObject({ active: false, authorityUrl: s.mb.deps.sandbox!.url, app: { displayName: 'Mailbridge Sandbox', tenant: 'common' } });
    expect(r.body.app.clientId).toMatch(GUID);
    expect(r.body.app.clientSecret).toMatch(/^.{3}8Q~.{34}$/);
    expect(r.body.users).toEqual([
      { email: ana, displayName: 'Ana García', kind: 'work', sendAs: ['support@sandbox.mailbridge.test'] },
      { email: ben, displayName: 'Ben Miller', kind: 'work' },
      { email: 'sam@outlook.sandbox.test', displayName: 'Sam Lee', kind: 'personal' },
    ]);
    expect((await s.api('GET', '/api/v1/sandbox', undefined, { key: userKey })).status).toBe(403);
    expect((await s.api('POST', '/api/v1/sandbox/apply', {}, { key: userKey })).status).toBe(403);
  });

  it('its client ID typed into the settings (no cloud given) means the sandbox, as copied from the portal', async () => {
    const r = await s.configureApp({ clientId: sandbox.app.clientId, clientSecret: sandbox.app.clientSecret });
    expect(r.status).toBe(200);
    expect(r.body.cloud).toBe('sandbox');
    // A real app's client ID replacing the sandbox's leaves the sandbox (MAILBRIDGE_MS_CLOUD).
    expect((await s.configureApp()).body.cloud).toBe('global');
    expect((await s.configureApp({ clientId: sandbox.app.clientId, clientSecret: sandbox.app.clientSecret })).body.cloud).toBe('sandbox');
    const back = await s.configureApp({ cloud: 'global' });
    expect(back.body.cloud).toBe('global');
    expect((await s.api('GET', '/api/v1/setup', undefined, { key: null })).body.sandbox).toEqual({ available: true, active: false });
  });

  it('POST /sandbox/apply saves its app as the organisation app', async () => {
    const r = await s.api('POST', '/api/v1/sandbox/apply', {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ cloud: 'sandbox', tenant: 'common', clientId: sandbox.app.clientId, clientSecret: { set: true, last4: sandbox.app.clientSecret.slice(-4) } });
    expect(JSON.stringify(r.body)).not.toContain(sandbox.app.clientSecret);
    expect((await s.api('GET', '/api/v1/setup', undefined, { key: null })).body.sandbox).toEqual({ available: true, active: true });
    expect((await s.api('GET', '/api/v1/sandbox')).body.active).toBe(true);
  });

  it('links a sandbox user through its sign-in pages, whatever MAILBRIDGE_MS_AUTHORITY_URL says', async () => {
    accountId = (await s.createAccount(ana)).id;
    const browser = new TestBrowser();
    const page = await s.link(accountId, ana, { browser });
    expect(browser.visited.some((u) => u.startsWith(`${sandbox.authorityUrl}/common/oauth2/v2.0/authorize`))).toBe(true);
    expect(browser.visited.some((u) => u.startsWith(s.emulator.url))).toBe(false);
    expect(page.url.startsWith(`${s.url}/oauth/callback?`)).toBe(true);
    expect(page.html).toContain(`The account ${ana} has been linked correctly.`);
    expect((await s.api('GET', `/api/v1/accounts/${accountId}`)).body.status).toBe('linked');
  });

  it('a test email to ben shows in the sandbox inbox (of the admin; a user sees only their own accounts\' mail)', async () => {
    const sent = await s.api('POST', `/api/v1/accounts/${accountId}/test`, { to: ben });
    expect(sent.status).toBe(202);
    expect((await s.api('GET', '/api/v1/sandbox/inbox', undefined, { key: userKey })).body.items).toEqual([]);
    const r = await s.api('GET', '/api/v1/sandbox/inbox');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    const [m] = r.body.items;
    expect(m).toMatchObject({ mailbox: ben, to: [ben] });
    expect(m.from).toContain(ana);
    expect(m.subject).toMatch(/Mailbridge/);
    expect(Date.parse(m.receivedAt)).not.toBeNaN();
    expect(m.bodyText).not.toMatch(/<[a-z/]/i);
    expect((await s.api('GET', '/api/v1/sandbox/inbox', undefined, { key: null })).status).toBe(401);
  });

  it('shows HTML bodies as text only, newest first', async () => {
    const html = '<html><body><script>alert(1)</script><p>Hello   <b>Ben</b> &amp; team</p>\n<p>"><img src=x onerror=alert(2)></p></body></html>';
    const sent = await s.api('POST', `/api/v1/accounts/${accountId}/messages`, { to: [ben, 'sam@outlook.sandbox.test'], subject: 'Second <b>one</b>', html });
    expect(sent.status).toBe(202);
    expect((await s.waitForMessage(sent.body.id)).status).toBe('accepted');
    const { items } = (await s.api('GET', '/api/v1/sandbox/inbox')).body;
    expect(items).toHaveLength(3);
    expect(items.slice(0, 2).map((m: { mailbox: string }) => m.mailbox).sort()).toEqual([ben, 'sam@outlook.sandbox.test']);
    expect(items[2].subject).not.toBe('Second <b>one</b>');
    expect(items[0].subject).toBe('Second <b>one</b>'); // a subject is text already; the UI shows it as text
    expect(items[0].bodyText).toBe('Hello Ben & team\n">');
  });


  it('reads a Graph account\'s mailbox; an SMTP + IMAP account is refused with what to do (the sandbox has no IMAP)', async () => {
    const on = await s.api('PUT', `/api/v1/accounts/${accountId}/mailbox`, { reading: true });
    expect(on.status).toBe(200);
    for (let waited = 0; (await s.api('GET', `/api/v1/accounts/${accountId}/mailbox`)).body.status !== 'synced'; waited += 100) {
      if (waited > 30_000) throw new Error('the sandbox mailbox never synced');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await s.api('GET', `/api/v1/accounts/${accountId}/mailbox/folders`)).body.items.map((f: { role: string | null }) => f.role)).toContain('inbox');
    const ben2 = (await s.createAccount(ben, { sendingMethod: 'smtp_imap' })).id;
    expect((await s.link(ben2, ben)).html).toContain('linked correctly');
    const refused = await s.api('PUT', `/api/v1/accounts/${ben2}/mailbox`, { reading: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/sandbox has no IMAP server.*sendingMethod.*graph/);
    expect((await s.api('GET', `/api/v1/accounts/${ben2}/mailbox`)).body).toMatchObject({ reading: false, status: 'off' });
  });
  it('keeps the app client ID and secret across restarts (derived from the master key)', async () => {
    const again = await compose(
      loadConfig({ MAILBRIDGE_DATA_DIR: s.dataDir, MAILBRIDGE_PUBLIC_URL: s.url, MAILBRIDGE_SANDBOX: 'on', MAILBRIDGE_WEB_DIR: s.dataDir }),
      { logger: createLogger('silent') },
    );
    try {
      expect(again.deps.sandbox!.url).not.toBe(s.mb.deps.sandbox!.url);
      expect(again.deps.sandbox!.app.clientId).toBe(sandbox.app.clientId);
      expect(again.deps.sandbox!.app.clientSecret.reveal()).toBe(sandbox.app.clientSecret);
      expect(await again.deps.sandbox!.status()).toEqual({ available: true, active: true });
    } finally {
      await again.close();
    }
  });
});

describe('MAILBRIDGE_SANDBOX=off removes the sandbox', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_SANDBOX: 'off' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 404 not_found for the sandbox endpoints and logs nothing about it', async () => {
    for (const [method, path] of [['GET', '/api/v1/sandbox'], ['POST', '/api/v1/sandbox/apply'], ['GET', '/api/v1/sandbox/inbox']] as const) {
      const r = await s.api(method, path, method === 'POST' ? {} : undefined);
      expect(r.status, path).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    expect((await s.api('GET', '/api/v1/setup', undefined, { key: null })).body.sandbox).toEqual({ available: false, active: false });
    expect(s.logs.join('')).not.toContain('Sandbox:');
    expect(s.mb.deps.sandbox).toBeUndefined();
  });

  it('refuses an app with cloud sandbox (details path cloud)', async () => {
    const r = await s.configureApp({ cloud: 'sandbox' });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ path: 'cloud', message: expect.any(String) }]);
    const own = await s.api('POST', '/api/v1/accounts', { email: 'x@contoso.example', sendingMethod: 'graph', app: { cloud: 'sandbox', clientId: s.app.clientId, clientSecret: s.app.secret } });
    expect(own.status).toBe(400);
    expect(own.body.error.details[0].path).toBe('app.cloud');
    expect((await s.configureApp()).status).toBe(200);
  });
});
