import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { compose, type Mailbridge } from '../../server/src/main/compose.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { databases } from '../support/databases.js';
import { ADMIN_KEY, startStack, type Stack } from '../support/stack.js';
import type { EmulatorSandbox } from '../../server/src/sandbox/emulator-sandbox.js';

// Issue 6, "The sandbox": its stand-in for Microsoft has no control API on its port, its inbox
// shows a user only their own mail, and its state (consents, tokens, mail) survives a restart.

const ana = 'ana@sandbox.mailbridge.test';
const ben = 'ben@sandbox.mailbridge.test';
const sam = 'sam@outlook.sandbox.test';

describe('the sandbox port and inbox', () => {
  let s: Stack;
  const keys: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const accounts: Record<'a' | 'b', string> = { a: '', b: '' };

  beforeAll(async () => {
    s = await startStack({ sandbox: true });
    expect((await s.api('POST', '/api/v1/sandbox/apply', {})).status).toBe(200);
    for (const who of ['a', 'b', 'c'] as const) {
      const user = await s.api('POST', '/api/v1/users', { email: `user-${who}@example.test`, role: 'user' });
      keys[who] = (await s.api('POST', `/api/v1/users/${user.body.id}/api-keys`, {})).body.key;
    }
    for (const [who, email] of [['a', ana], ['b', ben]] as const) {
      // Typed in another case than the sandbox writes it: addresses compare case-insensitively.
      accounts[who] = (await s.createAccount(who === 'a' ? email.toUpperCase() : email, {}, keys[who])).id;
      const page = await s.link(accounts[who], email, { key: keys[who] });
      expect(page.html).toContain('Linking successful!');
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 404 to every control endpoint, and a reset there wipes nothing', async () => {
    const base = s.mb.deps.sandbox!.url;
    for (const [method, p] of [
      ['GET', '/_emulator/requests'], ['GET', '/_emulator/requests?endpoint=token'], ['POST', '/_emulator/reset'],
      ['GET', `/_emulator/mailboxes/${ana}`], ['POST', '/_emulator/users'], ['POST', '/_emulator/consents'], ['GET', '/_emulator/clock'],
    ] as const) {
      const res = await fetch(`${base}${p}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
      expect(res.status, `${method} ${p}`).toBe(404);
      expect(await res.text()).not.toMatch(/client_secret|refresh_token|access_token/);
    }
    // Still there after the "reset": the tokens (a send works) and the users (their sign-in page).
    expect((await s.api('POST', `/api/v1/accounts/${accounts.a}/test`, { to: sam }, { key: keys.a })).status).toBe(202);
    expect((await s.api('GET', `/api/v1/accounts/${accounts.a}`, undefined, { key: keys.a })).body.status).toBe('linked');
  });

  it('shows a user only the mail their linked mailboxes hold or sent; an admin sees all', async () => {
    expect((await s.api('POST', `/api/v1/accounts/${accounts.a}/test`, { to: ben }, { key: keys.a })).status).toBe(202);
    expect((await s.api('POST', `/api/v1/accounts/${accounts.b}/test`, { to: sam }, { key: keys.b })).status).toBe(202);
    const inbox = async (key: string) => {
      const r = await s.api('GET', '/api/v1/sandbox/inbox', undefined, { key });
      expect(r.status).toBe(200);
      return r.body.items as Array<{ mailbox: string; from: string; to: string[] }>;
    };
    const summary = (items: Array<{ mailbox: string; from: string }>) =>
      items.map((m) => `${m.from.includes(ana) ? 'ana' : m.from.includes(ben) ? 'ben' : m.from}→${m.mailbox.split('@')[0]}`).sort();

    // ana→sam (the test above), ana→ben, ben→sam.
    expect(summary(await inbox(ADMIN_KEY))).toEqual(['ana→ben', 'ana→sam', 'ben→sam']);
    expect(summary(await inbox(keys.a))).toEqual(['ana→ben', 'ana→sam']);
    expect(summary(await inbox(keys.b))).toEqual(['ana→ben', 'ben→sam']);
    expect(await inbox(keys.c)).toEqual([]);
  });

  it("never shows another mailbox's Bcc copy, and a typed but unlinked address unlocks nothing", async () => {
    const subject = 'Bcc check';
    const sent = await s.api('POST', `/api/v1/accounts/${accounts.a}/messages`, { to: ben, bcc: sam, subject, text: 'private' }, { key: keys.a });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    const copies = async (key: string) =>
      ((await s.api('GET', '/api/v1/sandbox/inbox', undefined, { key })).body.items as Array<{ mailbox: string; subject: string }>)
        .filter((m) => m.subject === subject).map((m) => m.mailbox).sort();
    // Delivered (sending may be queued): the admin sees both copies.
    for (let i = 0; i < 100 && (await copies(ADMIN_KEY)).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await copies(ADMIN_KEY)).toEqual([ben, sam]);
    // ana wrote it: both copies. ben got it: his own copy only, not sam's (which would tell him sam got it).
    expect(await copies(keys.a)).toEqual([ben, sam]);
    expect(await copies(keys.b)).toEqual([ben]);
    // c types in ben's and sam's addresses without signing in as them: still nothing.
    for (const email of [ben, sam.toUpperCase()]) await s.createAccount(email, {}, keys.c);
    expect(await copies(keys.c)).toEqual([]);
    expect((await s.api('GET', '/api/v1/sandbox/inbox', undefined, { key: keys.c })).body.items).toEqual([]);
  });
});

// Review of issue 6: saving the sandbox's state blocked the server, longer with every message
// kept (each save wrote all mail, attachments included), and any request could set one off.
describe('saving the sandbox state', () => {
  let s: Stack;
  let accountId: string;
  let control: EmulatorSandbox['control'];
  const attachment = Buffer.alloc(3 * 1024 * 1024 - 1024, 7).toString('base64');

  beforeAll(async () => {
    s = await startStack({ sandbox: true });
    expect((await s.api('POST', '/api/v1/sandbox/apply', {})).status).toBe(200);
    accountId = (await s.createAccount(ana)).id;
    expect((await s.link(accountId, ana)).html).toContain('Linking successful!');
    control = (s.mb.deps.sandbox as EmulatorSandbox).control;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await s?.close();
  });

  /** Sends through Mailbridge and waits until the sandbox holds the message (sending is queued). */
  async function send(subject: string, withAttachment: boolean): Promise<void> {
    const before = control.changes().mail;
    const body = { to: ben, subject, text: 'x', ...(withAttachment ? { attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', contentBase64: attachment }] } : {}) };
    const r = await s.api('POST', `/api/v1/accounts/${accountId}/messages`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await vi.waitFor(() => expect(control.changes().mail).toBeGreaterThan(before), { timeout: 10_000, interval: 5 });
  }

  /** The longest a /healthz request waited while `work` ran: how long the event loop was blocked. */
  async function longestHealthzWait(work: () => Promise<void>): Promise<number> {
    let done = false;
    let longest = 0;
    const probe = (async () => {
      while (!done) {
        const t = performance.now();
        await fetch(`${s.url}/healthz`);
        longest = Math.max(longest, performance.now() - t);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await work();
    await new Promise((r) => setTimeout(r, 50));
    done = true;
    await probe;
    return longest;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  it('after five 3 MB attachments a send makes /healthz wait no longer than before them, and the saved state stays small', async () => {
    // Ratios against waits measured in this run, on this machine: no absolute timings. A send
    // with 3 MB blocks longer than a small one whatever is saved (JSON, MIME, base64), so the
    // baseline is small sends before any attachment, compared with small sends after five.
    const before: number[] = [];
    for (let i = 0; i < 3; i++) before.push(await longestHealthzWait(() => send(`small ${i}`, false)));
    for (let i = 0; i < 5; i++) await send(`big ${i}`, true);
    const after: number[] = [];
    for (let i = 0; i < 3; i++) after.push(await longestHealthzWait(() => send(`small after ${i}`, false)));
    // When each save wrote all the mail kept (10 MB per attachment), it was 50-100 times longer.
    expect(median(after), JSON.stringify({ before, after })).toBeLessThanOrEqual(3 * Math.max(...before));

    // The saved state (mail is saved shortly after it arrives) has the newest message, no attachment bytes, under 5 MB.
    let saved = '';
    await vi.waitFor(async () => {
      saved = (await s.mb.store.sandboxState.load())!.reveal();
      expect(saved).toContain('small after 2');
    }, { timeout: 10_000, interval: 100 });
    expect(saved.length).toBeLessThan(5_000_000);
    expect(saved).not.toContain(attachment.slice(0, 10_000));
    expect(saved).toContain('big 4');
  });

  it('a POST to an unknown sandbox path or a refused token request snapshots and writes nothing', async () => {
    const snapshot = vi.spyOn(control, 'snapshot');
    const write = vi.spyOn(s.mb.store.sandboxState, 'save');
    const base = s.mb.deps.sandbox!.url;
    for (const p of ['/nope', '/common/oauth2/v2.0/token', '/v1.0/me/sendMail']) {
      const res = await fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=x' });
      expect(res.status, p).toBeGreaterThanOrEqual(400);
    }
    expect(snapshot).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
  });
});

describe.each(databases())('sandbox links survive a restart on $name', (db) => {
  let s: Stack;
  let again: Mailbridge | undefined;
  let config: ReturnType<typeof loadConfig>;
  let accountId: string;
  let refreshToken: string;

  beforeAll(async () => {
    const opts = await db.options();
    s = await startStack({ sandbox: true, ...opts });
    const url = new URL(s.url);
    // What startStack gave the first instance: same port, data dir, database and master key.
    config = loadConfig({
      MAILBRIDGE_PORT: url.port, MAILBRIDGE_HOST: '127.0.0.1', MAILBRIDGE_PUBLIC_URL: s.url, MAILBRIDGE_DATA_DIR: s.dataDir,
      MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY, MAILBRIDGE_MS_AUTHORITY_URL: s.emulator.url, MAILBRIDGE_MS_GRAPH_URL: s.emulator.url,
      MAILBRIDGE_LOG_LEVEL: 'silent', MAILBRIDGE_SANDBOX: 'on',
      ...(opts.databaseUrl ? { MAILBRIDGE_DATABASE_URL: opts.databaseUrl } : {}),
      ...(opts.secretKey ? { MAILBRIDGE_SECRET_KEY: opts.secretKey } : {}),
    });
  });
  afterAll(async () => {
    if (again) {
      // The first instance is closed already; close what is left by hand.
      await again.close();
      await s.emulator.close();
    } else {
      await s?.close();
    }
    await db.cleanup();
  });

  it('a linked sandbox account is still linked after a restart, and sends', async () => {
    expect((await s.api('POST', '/api/v1/sandbox/apply', {})).status).toBe(200);
    accountId = (await s.createAccount(ana)).id;
    expect((await s.link(accountId, ana)).html).toContain('Linking successful!');
    expect((await s.api('POST', `/api/v1/accounts/${accountId}/test`, { to: ben })).status).toBe(202);
    refreshToken = (await s.mb.store.tokens.get(accountId))!.refreshToken.reveal();

    await s.mb.close();
    again = await compose(config, { logger: createLogger('silent') });
    await again.http.listen({ port: config.port, host: '127.0.0.1' });
    expect(again.deps.sandbox!.url).not.toBe(s.mb.deps.sandbox!.url);

    // The access token Mailbridge holds is still one the sandbox knows…
    expect((await s.api('POST', `/api/v1/accounts/${accountId}/test`, { to: ben })).status).toBe(202);
    // …and so is the refresh token: make the access token look expired to force a refresh.
    const stored = (await again.store.tokens.get(accountId))!;
    await again.store.tokens.save(accountId, { ...stored, accessTokenExpiresAt: new Date(0) });
    again.deps.tokens.forget(accountId);
    expect((await s.api('POST', `/api/v1/accounts/${accountId}/test`, { to: ben })).status).toBe(202);
    expect((await again.store.tokens.get(accountId))!.accessToken.reveal()).not.toBe(stored.accessToken.reveal());

    const account = (await s.api('GET', `/api/v1/accounts/${accountId}`)).body;
    expect(account.status).toBe('linked');
    expect(account.lastError ?? null).toBeNull();
    // The mail of before the restart is still in ben's inbox, with the two sent since.
    const items = (await s.api('GET', '/api/v1/sandbox/inbox')).body.items as Array<{ mailbox: string }>;
    expect(items.filter((m) => m.mailbox === ben)).toHaveLength(3);
  });

  it.skipIf(db.name !== 'sqlite')('keeps no sandbox secret or token in plaintext in the SQLite file', async () => {
    expect(refreshToken).toBeTruthy();
    const file = path.join(s.dataDir, 'mailbridge.db');
    const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(0);
    const secret = again!.deps.sandbox!.app.clientSecret.reveal();
    const { accessToken } = (await again!.store.tokens.get(accountId))!;
    for (const [name, value] of [['refresh token', refreshToken], ['access token', accessToken.reveal()], ['client secret', secret]] as const) {
      expect(bytes.includes(Buffer.from(value)), name).toBe(false);
    }
    // The state is there, as an envelope: sandbox user names do not show either.
    expect(bytes.includes(Buffer.from('Ana García'))).toBe(false);
  });
});
