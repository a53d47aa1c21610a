import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

const MARKER = 'X-Mailbridge-Test-Marker';
const body = (marker: string) => ({ to: 'bob@contoso.example', subject: `Hello ${marker}`, text: 'Hi', headers: { [MARKER]: marker } });
const done = (m: { status: string }) => ['accepted', 'failed', 'cancelled'].includes(m.status);

/** Issue 7: what the outbox promises, per account, and when it gives up. */
describe('delivery guarantees, held messages, limits and the retry budget', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
    for (const e of ['bob@contoso.example', 'frank@contoso.example', 'gina@contoso.example']) s.emulator.createUser({ email: e, tenantId: s.tenantId });
  });
  afterAll(() => s?.close());

  /** Forces the next send to refresh the token (as if it had expired). */
  async function expireToken(accountId: string) {
    s.mb.deps.tokens.forget(accountId);
    await s.mb.store.tokens.save(accountId, { ...(await s.mb.store.tokens.get(accountId))!, accessTokenExpiresAt: new Date(Date.now() - 1000) });
  }

  it('without Mail.ReadWrite an account sends at least once through sendMail, says so, and linking again gives exactly once', async () => {
    expect((await s.configureApp({ requestMailReadWrite: false })).body.requestMailReadWrite).toBe(false);
    const id = (await s.createAccount('frank@contoso.example')).id as string;
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.deliveryGuarantee).toBe('at_least_once');
    const started = await s.api('POST', `/api/v1/accounts/${id}/link`);
    expect(new URL(started.body.authorizeUrl).pathname).toContain('/oauth/start/');
    await s.link(id, 'frank@contoso.example');
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.deliveryGuarantee).toBe('at_least_once');
    // Not tried yet: it shows the guarantee its account gives.
    const later = await s.api('POST', `/api/v1/accounts/${id}/messages`, { ...body('alo-later'), sendAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await s.api('GET', `/api/v1/messages/${later.body.id}`)).body.guarantee).toBe('at_least_once');
    await s.api('POST', `/api/v1/messages/${later.body.id}/cancel`);
    const once = await s.send(id, body('alo'));
    expect(once).toMatchObject({ status: 'accepted', guarantee: 'at_least_once' });
    expect(s.emulator.accepted({ marker: 'alo' })).toEqual([expect.objectContaining({ via: 'sendMail', internetMessageId: once.internetMessageId })]);

    // The app asks for Mail.ReadWrite again (the default); the account keeps its grant until relinked.
    await s.configureApp({ requestMailReadWrite: true });
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.deliveryGuarantee).toBe('at_least_once');
    await s.link(id, 'frank@contoso.example');
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.deliveryGuarantee).toBe('exactly_once');
    const twice = await s.send(id, body('eo'));
    expect(twice).toMatchObject({ status: 'accepted', guarantee: 'exactly_once' });
    expect(s.emulator.accepted({ marker: 'eo' })).toEqual([expect.objectContaining({ via: 'draft' })]);
  });

  it('an app problem (expired client secret) holds messages; a new secret releases them', async () => {
    const id = (await s.createAccount('gina@contoso.example')).id as string;
    await s.link(id, 'gina@contoso.example');
    await expireToken(id);
    s.emulator.injectFault({ endpoint: 'token', aadsts: 7000222 });
    const held = await s.send(id, body('app-held'));
    expect(held).toMatchObject({ status: 'queued', lastDiagnosis: { code: 'client_secret_expired' }, nextAttemptAt: null });
    expect(s.emulator.accepted({ marker: 'app-held' })).toHaveLength(0);
    const fresh = s.emulator.addSecret(s.app.clientId);
    expect((await s.configureApp({ clientSecret: fresh.value })).status).toBe(200);
    expect((await s.waitForMessage(held.id, { until: done })).status).toBe('accepted');
    expect(s.emulator.accepted({ marker: 'app-held' })).toHaveLength(1);
  });

  it('a draft that is no longer a draft when sent means "look it up", never "failed" (a timed-out send may have gone through)', async () => {
    const id = (await s.api('GET', '/api/v1/accounts')).body.items.find((a: { email: string }) => a.email === 'gina@contoso.example').id as string;
    s.emulator.injectFault({ endpoint: 'send', status: 400, body: { error: { code: 'ErrorInvalidOperation', message: 'The item has already been sent.' } }, times: 1 });
    const m = await s.send(id, body('fate'), { until: done });
    expect(m).toMatchObject({ status: 'accepted', attempts: 2 });
    expect(s.emulator.accepted({ marker: 'fate' })).toHaveLength(1);
  });

  it('a mailbox at its per-minute limit: waiting messages say when they go, and raising the limit sends them at once', async () => {
    s.emulator.createUser({ email: 'ivy@contoso.example', tenantId: s.tenantId });
    const id = (await s.createAccount('ivy@contoso.example')).id as string;
    await s.link(id, 'ivy@contoso.example');
    await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: { perMinute: 1 } });
    const first = await s.send(id, body('paced-1'), { until: done });
    expect(first.status).toBe('accepted');
    const second = await s.api('POST', `/api/v1/accounts/${id}/messages`, body('paced-2'));
    const waiting = await s.waitForMessage(second.body.id, { until: (m) => m.nextAttemptAt !== null && Date.parse(m.nextAttemptAt) > Date.now() + 30_000 });
    expect(waiting.status).toBe('queued');
    expect(s.emulator.accepted({ marker: 'paced-2' })).toHaveLength(0);
    await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: null });
    expect((await s.waitForMessage(second.body.id, { until: done, timeoutMs: 5_000 })).status).toBe('accepted');
  });

  it('a message whose send may have reached Microsoft cannot be cancelled', async () => {
    const id = (await s.api('GET', '/api/v1/accounts')).body.items.find((a: { email: string }) => a.email === 'gina@contoso.example').id as string;
    s.emulator.injectFault({ endpoint: 'send', graphError: 'ServiceUnavailable', retryAfter: '600', times: 1 });
    const m = await s.send(id, body('maybe-sent'));
    expect(m.status).toBe('retrying');
    const cancel = await s.api('POST', `/api/v1/messages/${m.id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.message).toMatch(/Microsoft may already have it/);
  });

  it('PATCH limits changes them field by field; null restores Exchange Online’s', async () => {
    const id = (await s.api('GET', '/api/v1/accounts')).body.items[0].id as string;
    const patched = await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: { perMinute: 120 } });
    expect(patched.body.limits).toEqual({ concurrency: 4, perMinute: 120, recipientsPerDay: 10000, maxMessageMB: 35 });
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: { concurrency: 0 } })).status).toBe(400);
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: null })).body.limits).toEqual({ concurrency: 4, perMinute: 30, recipientsPerDay: 10000, maxMessageMB: 35 });
  });
});

describe('the retry budget', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_RETRY_BUDGET: '1s' } });
  });
  afterAll(() => s?.close());

  it('a message that keeps meeting transient failures fails with its last diagnosis once its budget is spent', async () => {
    const id = await s.linkedAccount('hank@contoso.example', ['bob@contoso.example']);
    s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], graphError: 'ServiceUnavailable', times: 1000 });
    const m = await s.send(id, body('budget'), { until: done });
    expect(m.status).toBe('failed');
    expect(m.lastDiagnosis.code).toBe('microsoft_unavailable');
    expect(m.attempts).toBeGreaterThan(1);
    s.emulator.clearFaults();
  });
});
