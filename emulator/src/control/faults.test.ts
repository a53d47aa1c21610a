import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { useSeededEmulator } from '../testing/use-emulator.js';
import { graph, login, MAIL_SCOPES } from '../testing/fixtures.js';

let em: Emulator;
let adele: string;
let megan: string;
const seeded = useSeededEmulator();
beforeEach(async () => {
  ({ em } = seeded);
  const { s } = seeded;
  adele = (await login(em, s, 'adele@contoso.example', MAIL_SCOPES)).access_token;
  megan = (await login(em, s, 'megan@contoso.example', MAIL_SCOPES)).access_token;
});

const message = (marker: string, to = 'megan@contoso.example') => ({
  subject: marker, toRecipients: [{ emailAddress: { address: to } }],
  internetMessageHeaders: [{ name: 'X-Mailbridge-Test-Marker', value: marker }],
});
const send = (marker: string, token = adele) => graph(em, '/me/sendMail', token, { json: { message: message(marker) } });
/** sendMail that reports a network failure as 'socket' instead of throwing. */
const trySend = (marker: string, token = adele) => send(marker, token).then((r) => r.status, () => 'socket' as const);

describe('fault injection', () => {
  it('answers 429 with Retry-After in seconds, as an HTTP date, or without it', async () => {
    em.injectFault({ endpoint: 'sendMail', graphError: 'TooManyRequests', retryAfter: 0.5 });
    em.injectFault({ endpoint: 'sendMail', graphError: 'TooManyRequests', retryAfter: { dateInMs: 3000 } });
    em.injectFault({ endpoint: 'sendMail', graphError: 'TooManyRequests', retryAfter: null });
    const a = await send('a');
    expect(a.status).toBe(429);
    expect(a.json?.error).toMatchObject({ code: 'TooManyRequests', message: 'Please retry again later.' });
    expect(a.headers.get('retry-after')).toBe('0.5');
    const date = (await send('a')).headers.get('retry-after') as string;
    expect(Date.parse(date) - em.clock.now()).toBeGreaterThan(1000);
    expect(date).toMatch(/GMT$/);
    const none = await send('a');
    expect(none.status).toBe(429);
    expect(none.headers.get('retry-after')).toBeNull();
    expect((await send('a')).status).toBe(202);
    expect(em.throttleCounts('adele@contoso.example')).toEqual({ concurrency: 0, messageRate: 0, uploadBytes: 0, injected: 3, total: 3 });
  });

  it('answers 503 with or without Retry-After', async () => {
    em.injectFault({ endpoint: ['sendMail', 'send'], graphError: 'ServiceUnavailable', retryAfter: '2', times: 2 });
    const r = await send('a');
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('2');
    em.clearFaults();
    em.injectFault({ endpoint: 'sendMail', graphError: 'ServiceUnavailable' });
    expect((await send('a')).headers.get('retry-after')).toBeNull();
  });

  it('drops the connection before processing: nothing is accepted', async () => {
    em.injectFault({ endpoint: 'sendMail', drop: 'before' });
    expect(await trySend('lost')).toBe('socket');
    expect(em.mailbox('megan@contoso.example').inbox).toHaveLength(0);
    expect(em.acceptedCounts()).toEqual({});
  });

  it('accepts then drops: the client sees a socket error, the message arrives once', async () => {
    em.injectFault({ endpoint: 'sendMail', drop: 'after' });
    expect(await trySend('m1')).toBe('socket');
    expect(em.mailbox('megan@contoso.example').inbox.map((m) => m.message.subject)).toEqual(['m1']);
    expect(em.acceptedCounts()).toEqual({ m1: 1 });
    expect(em.requests({ endpoint: 'sendMail' }).map((r) => r.status)).toEqual([0]);
    // The same for a draft's send.
    em.injectFault({ endpoint: 'send', drop: 'after' });
    const draft = await graph(em, '/me/messages', adele, { json: message('m2') });
    const sent = await graph(em, `/me/messages/${draft.json?.id}/send`, adele, { method: 'POST' }).then((r) => r.status, () => 'socket');
    expect(sent).toBe('socket');
    expect(em.acceptedCounts()).toEqual({ m1: 1, m2: 1 });
    expect(em.mailbox('adele@contoso.example').drafts).toHaveLength(0);
  });

  it('slows answers down', async () => {
    em.injectFault({ endpoint: 'me', delayMs: 250 });
    const t0 = Date.now();
    expect((await graph(em, '/me', adele)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    em.injectFault({ endpoint: 'sendMail', delayMs: 100, graphError: 'ServiceUnavailable' });
    const t1 = Date.now();
    expect((await send('a')).status).toBe(503);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(90);
  });

  it('targets one mailbox', async () => {
    em.injectFault({ endpoint: 'sendMail', mailbox: 'megan@contoso.example', graphError: 'ServiceUnavailable', times: 5 });
    expect((await send('a')).status).toBe(202);
    expect((await send('b', megan)).status).toBe(503);
    expect(em.faults()).toEqual([expect.objectContaining({ remaining: 4, fired: 1 })]);
  });

  it('fires with a probability, reproducibly for a seed', async () => {
    const run = async () => {
      em.clearFaults();
      em.seedFaults(42);
      em.injectFault({ endpoint: ['sendMail', 'send'], probability: 0.3, graphError: 'ServiceUnavailable' });
      const out: Array<number | string> = [];
      for (let i = 0; i < 40; i++) out.push(await trySend(`p${i}`));
      return out;
    };
    const first = await run();
    const failures = first.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(25);
    expect(await run()).toEqual(first);
    expect(em.faults()[0]?.remaining).toBeNull();
  });

  it('counts acceptances by marker, Message-ID and header, over HTTP too', async () => {
    await send('x');
    await send('x');
    await send('y');
    expect(em.acceptedCounts()).toEqual({ x: 2, y: 1 });
    expect(Object.values(em.acceptedCounts('internetMessageId'))).toEqual([1, 1, 1]);
    expect(em.acceptedCounts({ header: 'X-Mailbridge-Test-Marker' })).toEqual({ x: 2, y: 1 });
    expect(em.accepted({ marker: 'y' })).toHaveLength(1);
    const counts = await fetch(`${em.url}/_emulator/accepted/counts?by=marker`).then((r) => r.json());
    expect(counts).toEqual({ x: 2, y: 1 });
    const list = await fetch(`${em.url}/_emulator/accepted?marker=x`).then((r) => r.json());
    expect(list).toHaveLength(2);
  });

  it('is scripted over HTTP', async () => {
    const call = (method: string, path: string, body?: unknown) => fetch(`${em.url}/_emulator${path}`, {
      method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect((await call('POST', '/faults/seed', { seed: 7 })).status).toBe(204);
    expect((await call('POST', '/faults', { endpoint: ['sendMail'], mailbox: 'adele@contoso.example', probability: 1, drop: 'after' })).status).toBe(204);
    expect((await call('POST', '/faults', { endpoint: 'sendMail', drop: 'sideways' })).status).toBe(400);
    expect((await call('POST', '/faults', { endpoint: 'sendMail', probability: 2, status: 500 })).status).toBe(400);
    expect(await (await call('GET', '/faults')).json()).toHaveLength(1);
    expect(await trySend('h')).toBe('socket');
    expect((await call('DELETE', '/faults')).status).toBe(204);
    expect(await trySend('h')).toBe(202);
    expect(await (await call('GET', '/accepted/counts')).json()).toEqual({ h: 2 });
    expect((await call('POST', '/sent-items-lag', { ms: 10 })).status).toBe(204);
  });
});
