import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from '../support/stack.js';
import { startReceiver } from '../support/webhook-receiver.js';

const until = async (what: string, cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Issue 8: signed webhooks, verified by a receiver with the standardwebhooks package. */
describe('webhooks', () => {
  let s: Stack;
  let accountId: string;
  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    accountId = await s.linkedAccount('hook@contoso.example', ['bob@contoso.example']);
  });
  afterAll(() => s?.close());

  it('delivers every event of a message, signed, with a stable webhook-id; the secret is shown once and stored encrypted', async () => {
    let secret = '';
    const rx = await startReceiver({ secrets: () => [secret] });
    const created = await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['*'], description: 'ERP' });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = await s.api('GET', '/api/v1/webhooks');
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6));
    const m = await s.send(accountId, { to: 'bob@contoso.example', subject: 'hooked', text: 'x' });
    await until('queued and accepted delivered', () => rx.received.filter((r) => r.body.data.messageId === m.id).length >= 2);
    const mine = rx.received.filter((r) => r.body.data.messageId === m.id);
    expect(mine.map((r) => r.body.type)).toEqual(['message.queued', 'message.accepted']);
    expect(mine[1]!.body.data).toMatchObject({ accountId, status: 'accepted', internetMessageId: m.internetMessageId, diagnosis: null });
    expect(mine[1]!.body.data.sequence).toBe((mine[0]!.body.data.sequence as number) + 1);
    const deliveries = await s.api('GET', `/api/v1/webhooks/${created.body.id}/deliveries`);
    expect(deliveries.body.items[0]).toMatchObject({ statusCode: 200, attempt: 1, error: null });
    const files = ['mailbridge.db', 'mailbridge.db-wal'].map((f) => { try { return readFileSync(path.join(s.dataDir, f)).toString('latin1'); } catch { return ''; } }).join('');
    expect(files).not.toContain(secret.slice(6, 30));
    expect(s.logs.join('')).not.toContain(secret.slice(6, 30));
    await s.api('DELETE', `/api/v1/webhooks/${created.body.id}`);
    await rx.close();
  });

  it('a receiver that is down for a while gets every event afterwards, once each by webhook-id; a slow one delays no other', async () => {
    let down = true;
    let secretA = '';
    let secretB = '';
    const flaky = await startReceiver({ secrets: () => [secretA], answer: () => (down ? 503 : 200) });
    const slow = await startReceiver({ secrets: () => [secretB], answer: () => new Promise((r) => setTimeout(() => r(200), 3_000)) });
    const a = await s.api('POST', '/api/v1/webhooks', { url: flaky.url, events: ['message.accepted'] });
    const b = await s.api('POST', '/api/v1/webhooks', { url: slow.url, events: ['message.accepted'] });
    secretA = a.body.secret;
    secretB = b.body.secret;
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await s.send(accountId, { to: 'bob@contoso.example', subject: `down ${i}`, text: 'x' })).id);
    await new Promise((r) => setTimeout(r, 300));
    expect(flaky.received).toHaveLength(0);
    down = false;
    const started = Date.now();
    await until('the flaky receiver catches up', () => sent.every((id) => flaky.received.some((r) => r.body.data.messageId === id)), 15_000);
    expect(Date.now() - started).toBeLessThan(3_000); // not waiting behind the slow endpoint
    expect(new Set(flaky.received.map((r) => r.id)).size).toBe(flaky.received.length);
    await s.api('DELETE', `/api/v1/webhooks/${a.body.id}`);
    await s.api('DELETE', `/api/v1/webhooks/${b.body.id}`);
    await flaky.close();
    await slow.close();
  });

  it('a rotated secret: deliveries verify with either secret during the overlap', async () => {
    const secrets: string[] = [];
    const rx = await startReceiver({ secrets: () => secrets });
    const w = await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['message.accepted'] });
    secrets.push(w.body.secret);
    const rotated = await s.api('POST', `/api/v1/webhooks/${w.body.id}/rotate-secret`);
    expect(rotated.body.secret).not.toBe(w.body.secret);
    expect(Date.parse(rotated.body.previousSecretUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    secrets.push(rotated.body.secret);
    const m = await s.send(accountId, { to: 'bob@contoso.example', subject: 'rotated', text: 'x' });
    await until('delivered', () => rx.received.some((r) => r.body.data.messageId === m.id));
    expect(rx.received.find((r) => r.body.data.messageId === m.id)!.verifiedBy).toEqual([0, 1]);
    expect((await s.api('POST', `/api/v1/webhooks/${w.body.id}/test`)).status).toBe(202);
    await until('test event', () => rx.received.some((r) => r.body.type === 'webhook.test'));
    await s.api('DELETE', `/api/v1/webhooks/${w.body.id}`);
    await rx.close();
  });

  it("a user's endpoint gets only their own accounts' events; another user's endpoint is not found", async () => {
    const user = await s.api('POST', '/api/v1/users', { email: 'wuser@contoso.example', name: 'W' });
    const key = (await s.api('POST', `/api/v1/users/${user.body.id}/api-keys`)).body.key as string;
    let secret = '';
    const rx = await startReceiver({ secrets: () => [secret] });
    const w = await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['*'] }, { key });
    secret = w.body.secret;
    expect(w.body.scope).toBe('own');
    await s.send(accountId, { to: 'bob@contoso.example', subject: 'not theirs', text: 'x' });
    await new Promise((r) => setTimeout(r, 400));
    expect(rx.received).toHaveLength(0);
    const admins = await s.api('GET', '/api/v1/webhooks');
    const adminHook = admins.body.items.find((x: { scope: string }) => x.scope === 'all');
    if (adminHook) expect((await s.api('GET', `/api/v1/webhooks/${adminHook.id}/deliveries`, undefined, { key })).status).toBe(404);
    await rx.close();
  });
});

describe('webhooks: who may receive what', () => {
  let s: Stack;
  let accountId: string;
  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    accountId = await s.linkedAccount('who@contoso.example', ['bob@contoso.example']);
  });
  afterAll(() => s?.close());

  it("an admin demoted (or disabled) stops receiving every account's events at once", async () => {
    const eve = await s.api('POST', '/api/v1/users', { email: 'eve@contoso.example', name: 'Eve', role: 'admin' });
    const key = (await s.api('POST', `/api/v1/users/${eve.body.id}/api-keys`)).body.key as string;
    let secret = '';
    const rx = await startReceiver({ secrets: () => [secret] });
    secret = (await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['message.accepted'] }, { key })).body.secret;
    const first = await s.send(accountId, { to: 'bob@contoso.example', subject: 'seen', text: 'x' });
    await until('delivered while admin', () => rx.received.some((r) => r.body.data.messageId === first.id));
    expect((await s.api('PATCH', `/api/v1/users/${eve.body.id}`, { role: 'user' })).status).toBe(200);
    const second = await s.send(accountId, { to: 'bob@contoso.example', subject: 'not seen', text: 'x' });
    await new Promise((r) => setTimeout(r, 500));
    expect(rx.received.some((r) => r.body.data.messageId === second.id)).toBe(false);
    await rx.close();
  });

  it('at most 20 endpoints per user', async () => {
    const user = await s.api('POST', '/api/v1/users', { email: 'many@contoso.example', name: 'M' });
    const key = (await s.api('POST', `/api/v1/users/${user.body.id}/api-keys`)).body.key as string;
    for (let i = 0; i < 20; i++) expect((await s.api('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:9/h${i}`, events: ['*'] }, { key })).status).toBe(201);
    const over = await s.api('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/h20', events: ['*'] }, { key });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toMatch(/At most 20/);
  });
});

describe('webhooks: no SSRF', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s?.close());

  it.each(['http://127.0.0.1/hook', 'https://127.0.0.1/hook', 'https://[::1]/hook', 'https://10.0.0.1/hook', 'https://169.254.169.254/latest', 'https://[::ffff:127.0.0.1]/hook', 'https://localhost/hook', 'http://example.com/hook'])('%s is refused at registration with a reason', async (url) => {
    const r = await s.api('POST', '/api/v1/webhooks', { url, events: ['*'] });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('url');
    expect(r.body.error.details[0].message.length).toBeGreaterThan(10);
  });
});

describe('webhooks: an endpoint that fails everything for 24 hours', () => {
  let s: Stack;
  const SPEED = 20_000; // 24 hours pass in about 4 seconds for Mailbridge (signatures keep the wall clock)
  beforeAll(async () => {
    const start = Date.now();
    s = await startStack({ clock: { now: () => new Date(start + (Date.now() - start) * SPEED) }, env: { MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true', MAILBRIDGE_LEASE_SECONDS: '3600' } });
  });
  afterAll(() => s?.close());

  it('is disabled with the reason after 24 hours of failed attempts; enabling it again clears the reason', async () => {
    const rx = await startReceiver({ secrets: () => [], answer: () => 500 });
    const w = await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['*'] });
    expect((await s.api('POST', `/api/v1/webhooks/${w.body.id}/test`)).status).toBe(202);
    let view: { enabled: boolean; disabledReason: string | null } = { enabled: true, disabledReason: null };
    for (let i = 0; i < 400 && view.enabled; i++) {
      view = (await s.api('GET', '/api/v1/webhooks')).body.items.find((x: { id: string }) => x.id === w.body.id);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(view.enabled).toBe(false);
    expect(view.disabledReason).toMatch(/failed for 24 hours/);
    const log = await s.api('GET', `/api/v1/webhooks/${w.body.id}/deliveries?limit=100`);
    expect(log.body.items.length).toBeGreaterThan(1);
    expect(log.body.items.every((a: { statusCode: number }) => a.statusCode === 401 || a.statusCode === 500)).toBe(true);
    const enabled = await s.api('PATCH', `/api/v1/webhooks/${w.body.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    await rx.close();
  }, 40_000);
});

describe('webhooks: a rotation on a shortened clock', () => {
  let s: Stack;
  const SPEED = 20_000;
  beforeAll(async () => {
    const start = Date.now();
    s = await startStack({ clock: { now: () => new Date(start + (Date.now() - start) * SPEED) }, env: { MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true', MAILBRIDGE_LEASE_SECONDS: '3600' } });
  });
  afterAll(() => s?.close());

  it('both secrets sign for 24 hours, then only the new one', async () => {
    const secrets: string[] = [];
    const rx = await startReceiver({ secrets: () => secrets });
    const w = await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['*'] });
    secrets.push(w.body.secret);
    secrets.push((await s.api('POST', `/api/v1/webhooks/${w.body.id}/rotate-secret`)).body.secret);
    await s.api('POST', `/api/v1/webhooks/${w.body.id}/test`);
    await until('first test event', () => rx.received.length === 1);
    expect(rx.received[0]!.verifiedBy).toEqual([0, 1]);
    await new Promise((r) => setTimeout(r, (25 * 3_600_000) / SPEED)); // 25 hours for Mailbridge
    await s.api('POST', `/api/v1/webhooks/${w.body.id}/test`);
    await until('second test event', () => rx.received.length === 2);
    expect(rx.received[1]!.verifiedBy).toEqual([1]);
    await rx.close();
  }, 30_000);
});
