import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

/** One test per diagnosis Graph (or the token refresh behind it) can produce, read back from the account. */
describe('diagnoses from sending', () => {
  let s: Stack;
  const alice = 'alice@contoso.example';
  let id: string;

  const send = (to = 'bob@contoso.example', lang?: string) => s.api('POST', `/api/v1/accounts/${id}/messages`, { to, subject: 'Hi', text: 'Hello' }, lang ? { lang } : {});
  const account = async () => (await s.api('GET', `/api/v1/accounts/${id}`)).body;
  const relink = async () => {
    await s.api('POST', `/api/v1/accounts/${id}/unlink`);
    const page = await s.link(id, alice);
    expect(page.html).toContain('Linking successful!');
  };

  beforeAll(async () => {
    s = await startStack();
    id = await s.linkedAccount(alice, ['bob@contoso.example']);
  });
  afterAll(() => s?.close());

  const graphCases: Array<[string, string, number, string]> = [
    ['ErrorAccessDenied', 'send_permission_missing', 422, 'provider_rejected'],
    ['ErrorSendAsDenied', 'send_as_denied', 422, 'provider_rejected'],
    ['MailboxNotEnabledForRESTAPI', 'mailbox_not_enabled', 422, 'provider_rejected'],
    ['ErrorInvalidRecipients', 'invalid_recipients', 422, 'provider_rejected'],
    ['ErrorQuotaExceeded', 'mailbox_full', 422, 'provider_rejected'],
    ['ErrorMessageSizeExceeded', 'message_too_large', 413, 'payload_too_large'],
    ['TooManyRequests', 'throttled', 429, 'throttled'],
    ['ServiceUnavailable', 'microsoft_unavailable', 503, 'provider_unavailable'],
  ];

  it.each(graphCases)('Graph %s → %s on the account', async (graphError, diagnosis, status, code) => {
    s.emulator.injectFault({ endpoint: 'sendMail', graphError });
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.diagnosis.code).toBe(diagnosis);
    expect(r.body.error.diagnosis.fix.length).toBeGreaterThan(10);
    const a = await account();
    expect(a.lastError.code).toBe(diagnosis);
    expect(a.status).toBe('linked');
  });

  it('throttling passes Retry-After on', async () => {
    s.emulator.injectFault({ endpoint: 'sendMail', graphError: 'TooManyRequests', retryAfter: '2.128' });
    const r = await send();
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
  });

  it('an error Mailbridge does not know is `unknown` with Microsoft\'s own text', async () => {
    s.emulator.injectFault({ endpoint: 'sendMail', status: 400, body: { error: { code: 'ErrorSomethingNew', message: 'A brand new failure.' } } });
    const r = await send();
    expect(r.body.error.diagnosis.code).toBe('unknown');
    expect(r.body.error.diagnosis.cause + r.body.error.diagnosis.fix).toContain('A brand new failure.');
  });

  it('a successful send clears the last error', async () => {
    expect((await account()).lastError).toBeDefined();
    expect((await send()).status).toBe(202);
    expect((await account()).lastError).toBeUndefined();
  });

  it('diagnoses follow Accept-Language', async () => {
    s.emulator.injectFault({ endpoint: 'sendMail', graphError: 'ErrorQuotaExceeded' });
    const es = await send('bob@contoso.example', 'es-ES,es;q=0.9');
    s.emulator.injectFault({ endpoint: 'sendMail', graphError: 'ErrorQuotaExceeded' });
    const en = await send('bob@contoso.example', 'en');
    expect(es.body.error.diagnosis.code).toBe('mailbox_full');
    expect(es.body.error.diagnosis.fix).not.toBe(en.body.error.diagnosis.fix);
  });

  it('a Graph 401 causes one refresh and one retry', async () => {
    s.emulator.expireAccessTokens(alice);
    const before = s.emulator.requests({ endpoint: 'token' }).length;
    expect((await send()).status).toBe(202);
    expect(s.emulator.requests({ endpoint: 'token' }).length - before).toBe(1);
  });

  it('a 401 that persists after refreshing is not retried in a loop', async () => {
    const tokenBefore = s.emulator.requests({ endpoint: 'token' }).length;
    const sendBefore = s.emulator.requests({ endpoint: 'sendMail' }).length;
    s.emulator.injectFault({ endpoint: 'sendMail', times: 5, status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } } });
    const r = await send();
    expect(r.status).toBe(409);
    expect(s.emulator.requests({ endpoint: 'sendMail' }).length - sendBefore).toBe(2);
    expect(s.emulator.requests({ endpoint: 'token' }).length - tokenBefore).toBe(1);
    expect((await account()).status).toBe('reconnect_needed');
    await relink();
  });

  const refreshCases: Array<[string, () => void, string]> = [
    ['revoked grant (AADSTS50173)', () => s.emulator.revokeRefreshTokens(alice), 'grant_revoked'],
    ['expired grant (AADSTS700082)', () => s.emulator.injectFault({ endpoint: 'token', aadsts: 700082 }), 'grant_expired'],
    ['MFA now required (AADSTS50076)', () => s.emulator.injectFault({ endpoint: 'token', aadsts: 50076 }), 'mfa_required'],
    ['consent withdrawn (AADSTS65001)', () => s.emulator.injectFault({ endpoint: 'token', aadsts: 65001 }), 'consent_required'],
    ['conditional access (AADSTS53003)', () => s.emulator.injectFault({ endpoint: 'token', aadsts: 53003 }), 'conditional_access_blocked'],
  ];

  it.each(refreshCases)('%s on refresh → reconnect_needed with %s', async (_name, arrange, diagnosis) => {
    arrange();
    s.emulator.expireAccessTokens(alice);
    const r = await send();
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('reconnect_needed');
    expect(r.body.error.diagnosis.code).toBe(diagnosis);
    const a = await account();
    expect(a.status).toBe('reconnect_needed');
    expect(a.lastError.code).toBe(diagnosis);
    // Sending again does not hammer Microsoft: the account waits for its user.
    const tokenCalls = s.emulator.requests({ endpoint: 'token' }).length;
    expect((await send()).body.error.code).toBe('reconnect_needed');
    expect(s.emulator.requests({ endpoint: 'token' }).length).toBe(tokenCalls);
    await relink();
    expect((await account()).status).toBe('linked');
  });

  it('an expired client secret is an app problem shown on every account, without relinking', async () => {
    const bobId = (await s.createAccount('bob@contoso.example')).id;
    s.emulator.injectFault({ endpoint: 'token', aadsts: 7000222 });
    s.emulator.expireAccessTokens(alice);
    const r = await send();
    expect(r.status).toBe(424);
    expect(r.body.error.code).toBe('app_problem');
    expect(r.body.error.diagnosis.code).toBe('client_secret_expired');
    const a = await account();
    expect(a.status).toBe('linked');
    expect(a.lastError.code).toBe('client_secret_expired');
    const other = (await s.api('GET', `/api/v1/accounts/${bobId}`)).body;
    expect(other.lastError.code).toBe('client_secret_expired');
    // Rotating the secret clears it and keeps the account linked.
    const fresh = s.emulator.addSecret(s.app.clientId);
    expect((await s.api('PUT', '/api/v1/microsoft-app', { clientId: s.app.clientId, clientSecret: fresh.value })).status).toBe(200);
    expect((await account()).lastError).toBeUndefined();
    expect((await send()).status).toBe(202);
    expect((await account()).status).toBe('linked');
  });

  it("switching an account to its own app (another client ID) needs a relink: its tokens belong to the old app", async () => {
    const own = s.emulator.createApp({ tenantId: s.tenantId, redirectUris: [`${s.url}/oauth/callback`] });
    const secret = s.emulator.addSecret(own.clientId);
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { app: { clientId: own.clientId, clientSecret: secret.value } })).status).toBe(200);
    const a = await account();
    expect(a.status).toBe('reconnect_needed');
    expect(a.lastError.code).toBe('app_changed');
    expect(await s.mb.store.tokens.get(id)).toBeNull();
    expect((await send()).body.error.code).toBe('reconnect_needed');
    // Back to the organisation app: link again and it works.
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { app: null })).status).toBe(200);
    await relink();
    expect((await send()).status).toBe(202);
  });

  it('changing the client ID moves linked accounts to reconnect_needed (app_changed)', async () => {
    const other = s.emulator.createApp({ tenantId: s.tenantId, redirectUris: [`${s.url}/oauth/callback`] });
    const secret = s.emulator.addSecret(other.clientId);
    expect((await s.api('PUT', '/api/v1/microsoft-app', { clientId: other.clientId, clientSecret: secret.value })).status).toBe(200);
    const a = await account();
    expect(a.status).toBe('reconnect_needed');
    expect(a.lastError.code).toBe('app_changed');
  });
});
