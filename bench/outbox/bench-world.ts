import { startEmulator, type Emulator } from '@mailbridge/emulator';
import { TestBrowser } from '../../e2e/support/test-browser.js';

export const ADMIN_KEY = 'mbk_bench_admin_key_0123456789abcdefghij';
/** Not an emulator user: the emulator keeps no inbox copy of 20,000 bench messages. */
export const RECIPIENT = 'someone@fabrikam.example';
/** High enough that Mailbridge's own per-mailbox pacing never holds a bench message back. */
export const RAISED_LIMITS = { concurrency: 16, perMinute: 1000, recipientsPerDay: 1_000_000 };

export interface BenchAccount {
  id: string;
  email: string;
}

/** The emulator with a tenant, an app and `accounts` mailboxes, Exchange's limits off. */
export interface BenchWorld {
  emulator: Emulator;
  app: { clientId: string; secret: string };
  emails: string[];
}

export async function startWorld(accounts: number): Promise<BenchWorld> {
  const emulator = await startEmulator();
  const tenant = emulator.createTenant({ domain: 'contoso.example', name: 'Contoso' });
  const app = emulator.createApp({ tenantId: tenant.id, displayName: 'Mailbridge bench', redirectUris: [] });
  const secret = emulator.addSecret(app.clientId);
  emulator.setMailboxLimits({ concurrency: 0, messagesPerMinute: 0 });
  const emails = Array.from({ length: accounts }, (_, i) => `sender${i}@contoso.example`);
  for (const email of emails) emulator.createUser({ email, tenantId: tenant.id });
  return { emulator, app: { clientId: app.clientId, secret: secret.value }, emails };
}

/** A JSON call with the admin key. */
export async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Runs `one(i)` for i in [0, n) with `concurrency` at once. */
export async function pool(n: number, concurrency: number, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) await one(next++);
  }));
}

/**
 * Links every mailbox of the world through a running server, as a person would (stack.link):
 * the organisation app configured, one account per mailbox (`sendingMethod`, Graph unless said),
 * the sign-in and consent pages of the emulator walked with TestBrowser, `concurrency` at once,
 * then the account's limits raised (PATCH /accounts/{id}) unless `raiseLimits` is false.
 */
export async function linkAccounts(
  world: BenchWorld,
  serverUrl: string,
  opts: { sendingMethod?: 'graph' | 'smtp_imap'; concurrency?: number; raiseLimits?: boolean } = {},
): Promise<BenchAccount[]> {
  world.emulator.addRedirectUri(world.app.clientId, `${serverUrl}/oauth/callback`);
  const configured = await api(serverUrl, 'PUT', '/api/v1/microsoft-app', { clientId: world.app.clientId, clientSecret: world.app.secret });
  if (configured.status !== 200) throw new Error(`configure app: ${configured.status} ${JSON.stringify(configured.body)}`);
  const accounts: BenchAccount[] = new Array(world.emails.length);
  await pool(world.emails.length, opts.concurrency ?? 8, async (i) => {
    const email = world.emails[i]!;
    const created = await api(serverUrl, 'POST', '/api/v1/accounts', { email, sendingMethod: opts.sendingMethod ?? 'graph' });
    if (created.status !== 201) throw new Error(`create account: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    const started = await api(serverUrl, 'POST', `/api/v1/accounts/${id}/link`);
    if (started.status !== 200) throw new Error(`link: ${started.status} ${JSON.stringify(started.body)}`);
    const browser = new TestBrowser();
    let page = await browser.open(started.body.authorizeUrl);
    if (page.html.includes('name="account"')) page = await browser.press(page, 'account', email);
    if (page.url.startsWith(world.emulator.url) && page.html.includes('name="consent"')) page = await browser.press(page, 'consent', 'accept');
    if (!page.html.includes('Linking successful!')) throw new Error(`link ${email}: ${page.status} ${page.html.slice(0, 300)}`);
    if (opts.raiseLimits !== false) {
      const patched = await api(serverUrl, 'PATCH', `/api/v1/accounts/${id}`, { limits: RAISED_LIMITS });
      if (patched.status !== 200) throw new Error(`raise limits: ${patched.status} ${JSON.stringify(patched.body)}`);
    }
    accounts[i] = { id, email };
  });
  return accounts;
}
