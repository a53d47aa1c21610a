import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startEmulator, type Emulator } from '@mailbridge/emulator';
import { loadConfig } from '../../server/src/config/config.js';
import { compose, type ComposeOptions, type Mailbridge } from '../../server/src/main/compose.js';
import type { Clock } from '../../server/src/core/ports.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { TestBrowser, type Page } from './test-browser.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Stack {
  emulator: Emulator;
  mb: Mailbridge;
  url: string;
  adminKey: string;
  dataDir: string;
  /** The SMTP relay's ports, when the stack runs one (MAILBRIDGE_RELAY_PORT / _TLS_PORT in `env`; 0: any free port). */
  relay: { port: number | null; tlsPort: number | null } | undefined;
  logs: string[];
  tenantId: string;
  app: { clientId: string; secret: string; secretId: string };
  api<T = any>(method: string, path: string, body?: unknown, opts?: { key?: string | null; lang?: string; /** Sent as is: bytes can be other than UTF-8. */ raw?: string | Uint8Array<ArrayBuffer>; contentType?: string }): Promise<ApiResponse<T>>;
  /** Configures the organisation app with the emulator's app (PUT /microsoft-app). */
  configureApp(overrides?: Record<string, unknown>): Promise<ApiResponse>;
  createAccount(email: string, extra?: Record<string, unknown>, key?: string): Promise<any>;
  /** Starts linking and walks the sign-in (and consent) like a person; returns the callback page. */
  link(accountId: string, signInAs: string, opts?: { key?: string; consent?: 'accept' | 'cancel'; browser?: TestBrowser }): Promise<Page>;
  /**
   * The common starting point: emulator users for `email` and `others`, the organisation app
   * configured, an account for `email` linked through the sign-in pages. Returns the account id.
   */
  linkedAccount(email: string, others?: string[]): Promise<string>;
  /**
   * Queues a message (POST …/messages) and waits until the outbox is done with it for now:
   * accepted, failed, cancelled, or held/retrying with a diagnosis. Returns GET /messages/{id}.
   */
  send(accountId: string, body: unknown, opts?: { key?: string; lang?: string; until?: (m: any) => boolean }): Promise<any>;
  /** Polls GET /messages/{id} until `until` holds (default: no longer waiting to be tried). */
  waitForMessage(id: string, opts?: { key?: string; lang?: string; until?: (m: any) => boolean; timeoutMs?: number }): Promise<any>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const ADMIN_KEY = 'mbk_test_admin_key_0123456789abcdefghij';

/** Mailbridge + the Microsoft emulator on loopback, with a tenant, an app and two users. */
/** `sandbox: true` also runs Mailbridge's built-in sandbox (MAILBRIDGE_SANDBOX=on); off by default here. */
export interface StackOptions {
  databaseUrl?: string;
  env?: Record<string, string>;
  /** More settings once the emulator runs (e.g. a Dovecot that checks tokens with it: MAILBRIDGE_MS_IMAP_URL). */
  envFor?: (emulator: Emulator) => Promise<Record<string, string>>;
  secretKey?: string;
  sandbox?: boolean;
  clock?: Clock;
  schedule?: ComposeOptions['schedule'];
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const emulator = await startEmulator();
  const tenant = emulator.createTenant({ domain: 'contoso.example', name: 'Contoso' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const msApp = emulator.createApp({ tenantId: tenant.id, displayName: 'Mailbridge test', redirectUris: [`${url}/oauth/callback`] });
  const secret = emulator.addSecret(msApp.clientId);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-test-'));
  // Exchange Online's SMTP submission is the emulator's, its test certificate trusted.
  const caFile = path.join(dataDir, 'emulator-ca.pem');
  if (emulator.smtp) await writeFile(caFile, emulator.smtp.caPem);
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const config = loadConfig({
    MAILBRIDGE_PORT: String(port),
    MAILBRIDGE_HOST: '127.0.0.1',
    MAILBRIDGE_PUBLIC_URL: url,
    MAILBRIDGE_DATA_DIR: dataDir,
    MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
    MAILBRIDGE_MS_AUTHORITY_URL: emulator.url,
    MAILBRIDGE_MS_GRAPH_URL: emulator.url,
    ...(emulator.smtp ? { MAILBRIDGE_MS_SMTP_URL: emulator.smtp.url, MAILBRIDGE_MS_CA_FILE: caFile } : {}),
    MAILBRIDGE_LOG_LEVEL: 'debug',
    MAILBRIDGE_SANDBOX: opts.sandbox ? 'on' : 'off',
    // Retries in milliseconds rather than seconds: tests wait for outcomes, not for backoff.
    MAILBRIDGE_RETRY_BASE_SECONDS: '0.02',
    ...(opts.databaseUrl ? { MAILBRIDGE_DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.secretKey ? { MAILBRIDGE_SECRET_KEY: opts.secretKey } : {}),
    ...opts.env,
    ...(opts.envFor ? await opts.envFor(emulator) : {}),
  });
  const mb = await compose(config, { logger: createLogger('debug', sink), ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.schedule ? { schedule: opts.schedule } : {}) });
  await mb.http.listen({ port, host: '127.0.0.1' });
  const relay = mb.relay ? await mb.relay.listen() : undefined;

  const api: Stack['api'] = async (method, p, body, o = {}) => {
    const key = o.key === undefined ? ADMIN_KEY : o.key;
    const res = await fetch(`${url}${p}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined || o.raw !== undefined ? { 'content-type': o.contentType ?? 'application/json' } : {}),
        ...(o.lang ? { 'accept-language': o.lang } : {}),
      },
      ...(o.raw !== undefined ? { body: o.raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };

  const stack: Stack = {
    emulator,
    mb,
    url,
    adminKey: ADMIN_KEY,
    dataDir,
    relay,
    logs,
    tenantId: tenant.id,
    app: { clientId: msApp.clientId, secret: secret.value, secretId: secret.id },
    api,
    configureApp: (overrides = {}) => api('PUT', '/api/v1/microsoft-app', { clientId: msApp.clientId, clientSecret: secret.value, ...overrides }),
    async createAccount(email, extra = {}, key) {
      const r = await api('POST', '/api/v1/accounts', { email, sendingMethod: 'graph', ...extra }, key ? { key } : {});
      if (r.status !== 201) throw new Error(`create account: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async link(accountId, signInAs, o = {}) {
      const started = await api('POST', `/api/v1/accounts/${accountId}/link`, undefined, o.key ? { key: o.key } : {});
      if (started.status !== 200) throw new Error(`link: ${started.status} ${JSON.stringify(started.body)}`);
      const browser = o.browser ?? new TestBrowser();
      let page = await browser.open(started.body.authorizeUrl);
      // Sign-in pages are the emulator's, or the built-in sandbox's when the app uses cloud `sandbox`.
      const atMicrosoft = (u: string) => u.startsWith(emulator.url) || (mb.deps.sandbox !== undefined && u.startsWith(mb.deps.sandbox.url));
      if (!atMicrosoft(page.url)) return page;
      if (page.html.includes('name="account"')) page = await browser.press(page, 'account', signInAs);
      if (atMicrosoft(page.url) && page.html.includes('name="consent"')) page = await browser.press(page, 'consent', o.consent ?? 'accept');
      return page;
    },
    async linkedAccount(email, others = []) {
      for (const e of [email, ...others]) emulator.createUser({ email: e, tenantId: tenant.id });
      const configured = await stack.configureApp();
      if (configured.status !== 200) throw new Error(`configure app: ${configured.status} ${JSON.stringify(configured.body)}`);
      const id = (await stack.createAccount(email)).id as string;
      const page = await stack.link(id, email);
      if (!page.html.includes('Linking successful!')) throw new Error(`link ${email}: ${page.status} ${page.html.slice(0, 300)}`);
      return id;
    },
    async send(accountId, body, o = {}) {
      const r = await api('POST', `/api/v1/accounts/${accountId}/messages`, body, { ...(o.key ? { key: o.key } : {}), ...(o.lang ? { lang: o.lang } : {}) });
      if (r.status !== 202) return { status: r.status, error: r.body.error };
      return stack.waitForMessage(r.body.id, o);
    },
    async waitForMessage(id, o = {}) {
      const settled = o.until ?? ((m: any) => ['accepted', 'failed', 'cancelled'].includes(m.status) || (m.lastDiagnosis !== null && m.status !== 'sending'));
      const deadline = Date.now() + (o.timeoutMs ?? 15_000);
      for (;;) {
        const r = await api('GET', `/api/v1/messages/${id}`, undefined, { ...(o.key ? { key: o.key } : {}), ...(o.lang ? { lang: o.lang } : {}) });
        if (r.status !== 200) throw new Error(`GET /messages/${id}: ${r.status} ${JSON.stringify(r.body)}`);
        if (settled(r.body)) return r.body;
        if (Date.now() > deadline) throw new Error(`message ${id} still ${r.body.status}: ${JSON.stringify(r.body)}`);
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    async close() {
      await mb.close();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
