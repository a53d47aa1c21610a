import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { compose, type Mailbridge } from '../../server/src/main/compose.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { databases } from '../support/databases.js';
import { ADMIN_KEY, startStack, type Stack } from '../support/stack.js';

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

  it('shows a user only mail from or to their own accounts; an admin sees all', async () => {
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
