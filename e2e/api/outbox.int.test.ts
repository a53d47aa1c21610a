import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../support/databases.js';
import { startStack, type Stack } from '../support/stack.js';

const MARKER = 'X-Mailbridge-Test-Marker';
const done = (m: { status: string }) => ['accepted', 'failed', 'cancelled'].includes(m.status);
const body = (marker: string, extra: Record<string, unknown> = {}) => ({ to: 'bob@contoso.example', subject: `Hello ${marker}`, text: 'Hi', headers: { [MARKER]: marker }, ...extra });

/** Issue 7: the durable outbox, end to end over loopback, on SQLite and PostgreSQL. */
describe.each(databases())('the outbox on $name', (db) => {
  let s: Stack;
  let id: string;
  const accepted = (marker: string) => s.emulator.acceptedCounts()[marker] ?? 0;

  beforeAll(async () => {
    s = await startStack(await db.options());
    id = await s.linkedAccount('alice@contoso.example', ['bob@contoso.example']);
  });
  afterAll(async () => {
    await s?.close();
    await db.cleanup();
  });

  it('answers 202 queued once committed, then Microsoft accepts it exactly once through a draft', async () => {
    const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, body('basic'));
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ id: expect.any(String), status: 'queued' });
    const m = await s.waitForMessage(r.body.id);
    expect(m).toMatchObject({ status: 'accepted', guarantee: 'exactly_once', attempts: 1, lastDiagnosis: null, accountId: id });
    expect(m.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'accepted']);
    const [hit] = s.emulator.accepted({ marker: 'basic' });
    expect(hit).toMatchObject({ via: 'draft', internetMessageId: m.internetMessageId, mailbox: 'alice@contoso.example' });
    expect(accepted('basic')).toBe(1);
    const account = await s.api('GET', `/api/v1/accounts/${id}`);
    expect(account.body.deliveryGuarantee).toBe('exactly_once');
    expect(account.body.limits).toEqual({ concurrency: 4, perMinute: 30, recipientsPerDay: 10000, maxMessageMB: 35 });
  });

  it('Idempotency-Key: the same key and body give the first message, even racing; another body is 409', async () => {
    const send = (b: unknown) => fetch(`${s.url}/api/v1/accounts/${id}/messages`, { method: 'POST', headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json', 'idempotency-key': 'order-2024-118' }, body: JSON.stringify(b) });
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(body('idem'))));
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ id: string }>));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    await s.waitForMessage(bodies[0]!.id);
    const again = await send(body('idem'));
    expect(((await again.json()) as { id: string }).id).toBe(bodies[0]!.id);
    const other = await send(body('idem', { subject: 'Another' }));
    expect(other.status).toBe(409);
    expect(JSON.stringify(await other.json())).toContain('Idempotency-Key');
    expect(accepted('idem')).toBe(1);
    const bad = await fetch(`${s.url}/api/v1/accounts/${id}/messages`, { method: 'POST', headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json', 'idempotency-key': 'has space' }, body: JSON.stringify(body('x')) });
    expect(bad.status).toBe(400);
  });

  it('schedules with sendAt, and a scheduled message can be cancelled: never sent', async () => {
    const soon = await s.api('POST', `/api/v1/accounts/${id}/messages`, body('soon', { sendAt: new Date(Date.now() + 600).toISOString() }));
    expect(soon.body.status).toBe('scheduled');
    const later = await s.api('POST', `/api/v1/accounts/${id}/messages`, body('later', { sendAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect((await s.waitForMessage(soon.body.id)).status).toBe('accepted');
    const cancelled = await s.api('POST', `/api/v1/messages/${later.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(accepted('later')).toBe(0);
    expect((await s.api('POST', `/api/v1/messages/${later.body.id}/cancel`)).status).toBe(409);
    expect((await s.api('POST', `/api/v1/messages/${soon.body.id}/cancel`)).status).toBe(409);
    const tooFar = await s.api('POST', `/api/v1/accounts/${id}/messages`, body('far', { sendAt: new Date(Date.now() + 31 * 86_400_000).toISOString() }));
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.details[0].path).toBe('sendAt');
  });

  it('a cancel racing the worker ends cancelled or accepted, never both', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, async (_, i) => (await s.api('POST', `/api/v1/accounts/${id}/messages`, body(`race-${i}`))).body.id as string));
    const cancels = await Promise.all(ids.map((m) => s.api('POST', `/api/v1/messages/${m}/cancel`)));
    for (const [i, m] of ids.entries()) {
      const final = await s.waitForMessage(m);
      expect(['accepted', 'cancelled']).toContain(final.status);
      expect(accepted(`race-${i}`)).toBe(final.status === 'accepted' ? 1 : 0);
      expect(cancels[i]!.status).toBe(final.status === 'cancelled' ? 200 : 409);
    }
  });

  it('transient failures retry with backoff; a permanent one fails at once; a failed message can be retried', async () => {
    s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: 'alice@contoso.example', graphError: 'ServiceUnavailable', times: 2 });
    const flaky = await s.send(id, body('flaky'), { until: (m) => m.status === 'accepted' || m.status === 'failed' });
    expect(flaky).toMatchObject({ status: 'accepted', attempts: 3 });
    expect(flaky.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'retrying', 'retrying', 'accepted']);
    expect(flaky.history[1].diagnosis.code).toBe('microsoft_unavailable');

    s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: 'alice@contoso.example', graphError: 'ErrorInvalidRecipients', times: 1 });
    const bad = await s.send(id, body('bad'));
    expect(bad).toMatchObject({ status: 'failed', attempts: 1, lastDiagnosis: { code: 'invalid_recipients' } });
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.lastError).toBeUndefined();
    const es = await s.api('GET', `/api/v1/messages/${bad.id}`, undefined, { lang: 'es' });
    expect(es.body.lastDiagnosis.cause).not.toBe(bad.lastDiagnosis.cause);
    const retried = await s.api('POST', `/api/v1/messages/${bad.id}/retry`);
    expect(retried.status).toBe(200);
    expect((await s.waitForMessage(bad.id)).status).toBe('accepted');
    expect(accepted('bad')).toBe(1);
    expect((await s.api('POST', `/api/v1/messages/${bad.id}/retry`)).status).toBe(409);
  });

  it("honours Retry-After: the next attempt waits as long as Microsoft asked", async () => {
    s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: 'alice@contoso.example', graphError: 'TooManyRequests', retryAfter: '30', times: 1 });
    const before = Date.now();
    const m = await s.send(id, body('throttled'));
    expect(m.status).toBe('retrying');
    expect(m.lastDiagnosis.code).toBe('throttled');
    expect(Date.parse(m.nextAttemptAt) - before).toBeGreaterThanOrEqual(29_000);
    expect((await s.api('POST', `/api/v1/messages/${m.id}/cancel`)).body.status).toBe('cancelled');
  });

  it('Microsoft accepted it but the answer was lost: found in Sent Items, never sent twice', async () => {
    s.emulator.injectFault({ endpoint: 'send', mailbox: 'alice@contoso.example', drop: 'after', times: 1 });
    const m = await s.send(id, body('dropped'), { until: (x) => x.status === 'accepted' || x.status === 'failed' });
    expect(m.status).toBe('accepted');
    expect(m.attempts).toBe(2);
    expect(accepted('dropped')).toBe(1);
  });

  it('unlinking holds queued messages; linking again sends them once; deleting an account cancels them', async () => {
    s.emulator.createUser({ email: 'carol@contoso.example', tenantId: s.tenantId });
    const carol = (await s.createAccount('carol@contoso.example')).id as string;
    expect((await s.api('POST', `/api/v1/accounts/${carol}/messages`, body('early'))).status).toBe(409); // not linked yet
    await s.link(carol, 'carol@contoso.example');
    const waiting = await s.api('POST', `/api/v1/accounts/${carol}/messages`, body('held', { sendAt: new Date(Date.now() + 400).toISOString() }));
    await s.api('POST', `/api/v1/accounts/${carol}/unlink`);
    const held = await s.waitForMessage(waiting.body.id, { until: (m) => m.lastDiagnosis !== null });
    // Held, and still scheduled: relinking must not send it before its time.
    expect(held).toMatchObject({ status: 'scheduled', lastDiagnosis: { code: 'mailbox_unlinked' }, nextAttemptAt: null });
    await new Promise((r) => setTimeout(r, 600));
    expect(accepted('held')).toBe(0);
    await s.link(carol, 'carol@contoso.example');
    expect((await s.waitForMessage(waiting.body.id, { until: done })).status).toBe('accepted');
    expect(accepted('held')).toBe(1);

    const later = await s.api('POST', `/api/v1/accounts/${carol}/messages`, body('later-held', { sendAt: new Date(Date.now() + 3_600_000).toISOString() }));
    await s.api('POST', `/api/v1/accounts/${carol}/unlink`);
    await s.link(carol, 'carol@contoso.example');
    await new Promise((r) => setTimeout(r, 500));
    expect((await s.api('GET', `/api/v1/messages/${later.body.id}`)).body.status).toBe('scheduled');
    expect(accepted('later-held')).toBe(0);

    const doomed = await s.api('POST', `/api/v1/accounts/${carol}/messages`, body('doomed', { sendAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect((await s.api('DELETE', `/api/v1/accounts/${carol}`)).status).toBe(204);
    expect((await s.api('GET', `/api/v1/messages/${doomed.body.id}`)).body.status).toBe('cancelled');
  });

  it('reconnect needed: messages are accepted and held, then sent once after relinking', async () => {
    s.emulator.createUser({ email: 'dave@contoso.example', tenantId: s.tenantId });
    const dave = (await s.createAccount('dave@contoso.example')).id as string;
    await s.link(dave, 'dave@contoso.example');
    s.emulator.revokeRefreshTokens('dave@contoso.example');
    s.emulator.expireAccessTokens('dave@contoso.example');
    s.mb.deps.tokens.forget(dave);
    await s.mb.store.tokens.save(dave, { ...(await s.mb.store.tokens.get(dave))!, accessTokenExpiresAt: new Date(Date.now() - 1000) });
    const first = await s.send(dave, body('revoked-1'));
    expect(first).toMatchObject({ status: 'queued', lastDiagnosis: { code: 'grant_revoked' } });
    expect((await s.api('GET', `/api/v1/accounts/${dave}`)).body.status).toBe('reconnect_needed');
    const second = await s.api('POST', `/api/v1/accounts/${dave}/messages`, body('revoked-2'));
    expect(second.status).toBe(202);
    expect((await s.api('GET', `/api/v1/messages/${second.body.id}`)).body).toMatchObject({ status: 'queued', lastDiagnosis: { code: 'grant_revoked' } });
    await s.link(dave, 'dave@contoso.example');
    expect((await s.waitForMessage(first.id, { until: done })).status).toBe('accepted');
    expect((await s.waitForMessage(second.body.id, { until: done })).status).toBe('accepted');
    expect([accepted('revoked-1'), accepted('revoked-2')]).toEqual([1, 1]);
  });

  it('lists an account’s outbox and the whole outbox newest first, paged, filtered by status; users see only theirs', async () => {
    const page = await s.api('GET', `/api/v1/accounts/${id}/outbox?limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(Date.parse(page.body.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(page.body.items[1].createdAt));
    const next = await s.api('GET', `/api/v1/accounts/${id}/outbox?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(page.body.items[1].id);
    const failedOnly = await s.api('GET', '/api/v1/outbox?status=cancelled');
    expect(failedOnly.body.items.length).toBeGreaterThan(0);
    expect(failedOnly.body.items.every((m: { status: string }) => m.status === 'cancelled')).toBe(true);
    const user = await s.api('POST', '/api/v1/users', { email: 'eve@contoso.example', name: 'Eve' });
    const key = (await s.api('POST', `/api/v1/users/${user.body.id}/api-keys`)).body.key as string;
    expect((await s.api('GET', '/api/v1/outbox', undefined, { key })).body.items).toEqual([]);
    expect((await s.api('GET', `/api/v1/accounts/${id}/outbox`, undefined, { key })).status).toBe(404);
    expect((await s.api('GET', `/api/v1/messages/${page.body.items[0].id}`, undefined, { key })).status).toBe(404);
  });

  it('refuses more than 500 recipients, storing nothing', async () => {
    const to = Array.from({ length: 501 }, (_, i) => `r${i}@contoso.example`);
    const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, { ...body('many'), to });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('to');
  });
});
