import type { FaultEndpoint } from '@mailbridge/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

/**
 * One test per diagnosis Graph (or the token refresh behind it) can produce, read back from the
 * queued message (GET /messages/{id}) and, for problems of the mailbox itself, from the account.
 */
describe('diagnoses from sending', () => {
  let s: Stack;
  const alice = 'alice@contoso.example';
  let id: string;
  /** The first Graph request of a delivery: creating the draft (Mail.ReadWrite), or sendMail. */
  const first: FaultEndpoint[] = ['messages', 'sendMail'];

  const message = { to: 'bob@contoso.example', subject: 'Hi', text: 'Hello' };
  /** Queues a message and waits until the outbox has settled it (or holds it, with a diagnosis). */
  const send = (opts: { lang?: string; until?: (m: any) => boolean } = {}) => s.send(id, message, opts);
  const account = async () => (await s.api('GET', `/api/v1/accounts/${id}`)).body;
  const tokenCalls = () => s.emulator.requests({ endpoint: 'token' }).length;
  const accepted = (m: any) => m.status === 'accepted';
  const relink = async () => {
    await s.api('POST', `/api/v1/accounts/${id}/unlink`);
    const page = await s.link(id, alice);
    expect(page.html).toContain('Linking successful!');
  };
  const cancel = async (messageId: string) => expect((await s.api('POST', `/api/v1/messages/${messageId}/cancel`)).body.status).toBe('cancelled');

  beforeAll(async () => {
    s = await startStack();
    id = await s.linkedAccount(alice, ['bob@contoso.example']);
    // Not a pacing test: more than 30 messages a minute must not wait for Exchange's limit.
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: { perMinute: 1000 } })).status).toBe(200);
  });
  afterAll(() => s?.close());

  // [Graph error, diagnosis, outcome for the message, recorded on the account too]
  const graphCases: Array<[string, string, 'failed' | 'retrying', boolean]> = [
    ['ErrorAccessDenied', 'send_permission_missing', 'failed', true],
    ['ErrorSendAsDenied', 'send_as_denied', 'failed', true],
    ['MailboxNotEnabledForRESTAPI', 'mailbox_not_enabled', 'failed', true],
    ['ErrorInvalidRecipients', 'invalid_recipients', 'failed', false],
    ['ErrorQuotaExceeded', 'mailbox_full', 'failed', true],
    ['ErrorMessageSizeExceeded', 'message_too_large', 'failed', false],
    ['TooManyRequests', 'throttled', 'retrying', false],
    ['ServiceUnavailable', 'microsoft_unavailable', 'retrying', false],
  ];

  it.each(graphCases)('Graph %s → %s: the message is %s (on the account: %s)', async (graphError, diagnosis, status, onAccount) => {
    // A long Retry-After keeps a transient failure visibly `retrying` (then it is cancelled).
    s.emulator.injectFault({ endpoint: first, graphError, ...(status === 'retrying' ? { retryAfter: 60 } : {}) });
    const m = await send();
    expect(m).toMatchObject({ status, attempts: 1, lastDiagnosis: { code: diagnosis } });
    expect(m.lastDiagnosis.fix.length).toBeGreaterThan(10);
    expect(m.history.at(-1)).toMatchObject({ status, diagnosis: { code: diagnosis } });
    if (status === 'retrying') {
      expect(Date.parse(m.nextAttemptAt) - Date.now()).toBeGreaterThan(50_000);
      await cancel(m.id);
    } else {
      expect(m.nextAttemptAt).toBeNull();
      // No stray draft is left behind by a refused message.
      expect(s.emulator.mailbox(alice).drafts).toEqual([]);
    }
    const a = await account();
    expect(a.status).toBe('linked');
    // Problems of the mailbox show on the account; a problem of one message does not.
    if (onAccount) expect(a.lastError.code).toBe(diagnosis);
    else expect(a.lastError?.code).not.toBe(diagnosis);
  });

  it.each(graphCases.filter(([, , status]) => status === 'failed'))('the test email answers Graph %s as the error with its diagnosis (%s)', async (graphError, diagnosis) => {
    s.emulator.injectFault({ endpoint: first, graphError });
    const r = await s.api('POST', `/api/v1/accounts/${id}/test`, { to: 'bob@contoso.example' });
    expect(r.status).toBe(diagnosis === 'message_too_large' ? 413 : 422);
    expect(r.body.error.code).toBe(diagnosis === 'message_too_large' ? 'payload_too_large' : 'provider_rejected');
    expect(r.body.error.diagnosis.code).toBe(diagnosis);
  });

  it('Microsoft\'s Retry-After is honoured: the next attempt waits that long', async () => {
    s.emulator.injectFault({ endpoint: first, graphError: 'TooManyRequests', retryAfter: '2.128' });
    const before = Date.now();
    const m = await send();
    const after = Date.now();
    expect(m).toMatchObject({ status: 'retrying', lastDiagnosis: { code: 'throttled' } });
    const next = Date.parse(m.nextAttemptAt);
    expect(next).toBeGreaterThanOrEqual(before + 2128 - 5);
    expect(next).toBeLessThanOrEqual(after + 2128 + 50);
    await cancel(m.id);
  });

  it('without Retry-After, transient failures back off on their own and the message then goes', async () => {
    s.emulator.injectFault({ endpoint: first, graphError: 'ServiceUnavailable' });
    s.emulator.injectFault({ endpoint: first, graphError: 'TooManyRequests', retryAfter: null });
    const m = await send({ until: (v) => v.status === 'accepted' || v.status === 'failed' });
    expect(m).toMatchObject({ status: 'accepted', attempts: 3, lastDiagnosis: null });
    expect(m.history.filter((h: any) => h.status === 'retrying').map((h: any) => h.diagnosis.code)).toEqual(['microsoft_unavailable', 'throttled']);
    expect(s.emulator.accepted({ internetMessageId: m.internetMessageId })).toHaveLength(1);
  });

  it('an error Mailbridge does not know is `unknown` with Microsoft\'s own text', async () => {
    s.emulator.injectFault({ endpoint: first, status: 400, body: { error: { code: 'ErrorSomethingNew', message: 'A brand new failure.' } } });
    const m = await send();
    expect(m.status).toBe('failed');
    expect(m.lastDiagnosis.code).toBe('unknown');
    expect(m.lastDiagnosis.cause + m.lastDiagnosis.fix).toContain('A brand new failure.');
  });

  it('a successful send clears the last error', async () => {
    s.emulator.injectFault({ endpoint: first, graphError: 'ErrorQuotaExceeded' });
    expect((await send()).status).toBe('failed');
    expect((await account()).lastError.code).toBe('mailbox_full');
    expect((await send()).status).toBe('accepted');
    expect((await account()).lastError).toBeUndefined();
  });

  it('diagnoses follow Accept-Language', async () => {
    s.emulator.injectFault({ endpoint: first, graphError: 'ErrorQuotaExceeded' });
    const es = await send({ lang: 'es-ES,es;q=0.9' });
    expect(es.lastDiagnosis.code).toBe('mailbox_full');
    const en = (await s.api('GET', `/api/v1/messages/${es.id}`, undefined, { lang: 'en' })).body;
    expect(en.lastDiagnosis.code).toBe('mailbox_full');
    expect(es.lastDiagnosis.fix).not.toBe(en.lastDiagnosis.fix);
    expect(es.history.at(-1).diagnosis.fix).toBe(es.lastDiagnosis.fix);
  });

  it('a Graph 401 causes one refresh and one retry', async () => {
    s.emulator.expireAccessTokens(alice);
    const before = tokenCalls();
    const m = await send();
    expect(m).toMatchObject({ status: 'accepted', attempts: 1 });
    expect(tokenCalls() - before).toBe(1);
  });

  it('a 401 that persists after refreshing is not retried in a loop', async () => {
    const tokenBefore = tokenCalls();
    const graphBefore = s.emulator.requests({ endpoint: 'messages' }).length;
    s.emulator.injectFault({ endpoint: first, times: 5, status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } } });
    const m = await send();
    // Held for its user, not failed and not retried: the account needs relinking.
    expect(m).toMatchObject({ status: 'queued', attempts: 1, lastDiagnosis: { code: expect.any(String) } });
    expect(s.emulator.requests({ endpoint: 'messages' }).length - graphBefore).toBe(2);
    expect(tokenCalls() - tokenBefore).toBe(1);
    expect((await account()).status).toBe('reconnect_needed');
    s.emulator.clearFaults();
    await relink();
    // Once linked again, the held message goes.
    expect((await s.waitForMessage(m.id, { until: accepted })).attempts).toBe(2);
  });

  const refreshCases: Array<[string, () => void, string]> = [
    ['revoked grant (AADSTS50173)', () => s.emulator.revokeRefreshTokens(alice), 'grant_revoked'],
    ['expired grant (AADSTS700082)', () => s.emulator.injectFault({ endpoint: 'token', aadsts: 700082 }), 'grant_expired'],
    ['MFA now required (AADSTS50076)', () => s.emulator.injectFault({ endpoint: 'token', aadsts: 50076 }), 'mfa_required'],
    ['consent withdrawn (AADSTS65001)', () => s.emulator.injectFault({ endpoint: 'token', aadsts: 65001 }), 'consent_required'],
    ['conditional access (AADSTS53003)', () => s.emulator.injectFault({ endpoint: 'token', aadsts: 53003 }), 'conditional_access_blocked'],
  ];

  it.each(refreshCases)('%s on refresh → reconnect_needed with %s, messages held until relinked', async (_name, arrange, diagnosis) => {
    arrange();
    s.emulator.expireAccessTokens(alice);
    const m = await send();
    expect(m).toMatchObject({ status: 'queued', nextAttemptAt: null, lastDiagnosis: { code: diagnosis } });
    const a = await account();
    expect(a.status).toBe('reconnect_needed');
    expect(a.lastError.code).toBe(diagnosis);
    // Sending again does not hammer Microsoft: the message is accepted and waits for its user.
    const calls = tokenCalls();
    const again = await send();
    expect(again).toMatchObject({ status: 'queued', attempts: 0, lastDiagnosis: { code: diagnosis } });
    await new Promise((r) => setTimeout(r, 100));
    expect(tokenCalls()).toBe(calls);
    expect((await s.waitForMessage(again.id)).status).toBe('queued');
    await relink();
    expect((await account()).status).toBe('linked');
    // Both go once the mailbox is linked again, each exactly once.
    for (const held of [m, again]) {
      const sent = await s.waitForMessage(held.id, { until: accepted });
      expect(s.emulator.accepted({ internetMessageId: sent.internetMessageId })).toHaveLength(1);
    }
  });

  it('an expired client secret is an app problem shown on every account, without relinking', async () => {
    const bobId = (await s.createAccount('bob@contoso.example')).id;
    s.emulator.injectFault({ endpoint: 'token', aadsts: 7000222 });
    s.emulator.expireAccessTokens(alice);
    const m = await send();
    // Held (queued, with the diagnosis) until the administrator fixes the app.
    expect(m).toMatchObject({ status: 'queued', lastDiagnosis: { code: 'client_secret_expired' } });
    const a = await account();
    expect(a.status).toBe('linked');
    expect(a.lastError.code).toBe('client_secret_expired');
    const other = (await s.api('GET', `/api/v1/accounts/${bobId}`)).body;
    expect(other.lastError.code).toBe('client_secret_expired');
    // Rotating the secret clears it, keeps the account linked, and the held message goes.
    const fresh = s.emulator.addSecret(s.app.clientId);
    expect((await s.api('PUT', '/api/v1/microsoft-app', { clientId: s.app.clientId, clientSecret: fresh.value })).status).toBe(200);
    expect((await account()).lastError).toBeUndefined();
    expect((await s.waitForMessage(m.id, { until: accepted })).status).toBe('accepted');
    expect((await send()).status).toBe('accepted');
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
    const held = await send();
    expect(held).toMatchObject({ status: 'queued', lastDiagnosis: { code: 'app_changed' } });
    // Back to the organisation app: link again and it works.
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { app: null })).status).toBe(200);
    await relink();
    expect((await s.waitForMessage(held.id, { until: accepted })).status).toBe('accepted');
    expect((await send()).status).toBe('accepted');
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
