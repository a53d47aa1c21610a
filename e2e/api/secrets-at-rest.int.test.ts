import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

/** The plaintext secret, tokens and API keys appear nowhere: not in the database files, not in the logs. */
describe('secrets at rest and in logs', () => {
  let s: Stack;
  const alice = 'alice@contoso.example';
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    s = await startStack();
    s.emulator.createUser({ email: alice, tenantId: s.tenantId });
    s.emulator.createUser({ email: 'bob@contoso.example', tenantId: s.tenantId });
    await s.configureApp();
    const user = await s.api('POST', '/api/v1/users', { email: 'u@contoso.example', role: 'user' });
    const key = await s.api('POST', `/api/v1/users/${user.body.id}/api-keys`);
    secrets.userApiKey = key.body.key;
    secrets.adminApiKey = s.adminKey;
    secrets.clientSecret = s.app.secret;
    const id = (await s.createAccount(alice, {}, secrets.userApiKey)).id;
    await s.link(id, alice, { key: secrets.userApiKey });
    // Force a refresh so a rotated refresh token and a second access token exist too.
    s.emulator.expireAccessTokens(alice);
    expect((await s.api('POST', `/api/v1/accounts/${id}/test`, { to: 'bob@contoso.example' }, { key: secrets.userApiKey })).status).toBe(202);
    const tokenCalls = s.emulator.requests({ endpoint: 'token' });
    // Every Graph call the send made (a draft, then its send; sendMail without Mail.ReadWrite).
    const graphCalls = ['messages', 'send', 'sendMail'].flatMap((endpoint) => s.emulator.requests({ endpoint }));
    const form = (r: (typeof tokenCalls)[number]) => new URLSearchParams(r.form);
    secrets.authorizationCode = form(tokenCalls[0]!).get('code')!;
    secrets.codeVerifier = form(tokenCalls[0]!).get('code_verifier')!;
    secrets.firstRefreshToken = form(tokenCalls[1]!).get('refresh_token')!;
    const accessTokens = new Set(graphCalls.map((call) => String(call.headers.authorization).replace(/^Bearer /, '')));
    for (const [i, token] of [...accessTokens].entries()) secrets[`accessToken${i}`] = token;
    await s.mb.close(); // flush the SQLite WAL into the files we read
  });
  afterAll(async () => {
    await s?.emulator.close();
  });

  it('collected real values to look for', () => {
    for (const [name, v] of Object.entries(secrets)) expect(v, name).toMatch(/^.{16,}$/);
    expect(Object.keys(secrets).filter((k) => k.startsWith('accessToken')).length).toBeGreaterThanOrEqual(2);
  });

  it('the database files contain none of them', async () => {
    const files = (await readdir(s.dataDir)).filter((f) => f.startsWith('mailbridge.db'));
    expect(files).toContain('mailbridge.db');
    for (const f of files) {
      const bytes = await readFile(path.join(s.dataDir, f));
      for (const [name, v] of Object.entries(secrets)) expect(bytes.includes(Buffer.from(v)), `${name} in ${f}`).toBe(false);
    }
  });

  it('the logs contain none of them', () => {
    const text = s.logs.join('');
    expect(text.length).toBeGreaterThan(1000);
    for (const [name, v] of Object.entries(secrets)) expect(text.includes(v), `${name} in logs`).toBe(false);
  });

  it('the master key file was generated with mode 0600', async () => {
    const { stat } = await import('node:fs/promises');
    const st = await stat(path.join(s.dataDir, 'secret.key'));
    expect(st.mode & 0o777).toBe(0o600);
  });
});
