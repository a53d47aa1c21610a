/**
 * Webhook latency (issue 8): from a message's acceptance to the `message.accepted` webhook at a
 * local receiver, p99 ≤ 200 ms over 1,000 messages.
 *
 * Mailbridge and the Microsoft emulator run in this process (e2e/support/stack.ts, with
 * MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE=true so http to loopback is allowed), Exchange's per-mailbox
 * limits off, a few accounts linked through the sign-in pages with their own limits raised
 * (PATCH /accounts/{id}). One endpoint subscribes to `message.accepted`; its receiver
 * (bench/webhooks/timed-receiver.ts) verifies every delivery with the `standardwebhooks`
 * package's own `verify` and notes when it arrived. N messages are POSTed to
 * /api/v1/accounts/{id}/messages by a few clients at once, round-robin over the accounts; the
 * latency of each is the receiver's arrival time minus the message's `acceptedAt`
 * (GET /api/v1/messages/{id}, the same instant as the event's `timestamp`).
 *
 * Baseline: the receiver's own round-trip for a signed POST made directly from this process
 * (a real delivery's body, so the same size, signed with the same secret by `standardwebhooks`,
 * then fetch), from just before signing to the receiver having the whole body; the ratio of the
 * two shows Mailbridge's overhead: the outbox finishing the message, the webhook worker noticing
 * the committed delivery, loading, signing, posting and recording it.
 *
 *   npm run bench:webhooks              (builds, then runs; well under a minute)
 *   BENCH_N=300 BENCH_ACCOUNTS=2 BENCH_CLIENTS=1,4 npm run bench:webhooks   (BENCH_CLIENTS: one run per value)
 */
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { startStack, type Stack } from '../e2e/support/stack.js';
import { pool, RAISED_LIMITS, RECIPIENT } from './outbox/bench-world.js';
import { startTimedReceiver, type Arrival } from './webhooks/timed-receiver.js';
import { pct } from './stats.js';

const N = Number(process.env.BENCH_N ?? 1000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 4);
/** One run per value: a moderate load, then a burst that keeps the in-process server busy. */
const LOADS = (process.env.BENCH_CLIENTS ?? '2,8').split(',').map(Number);
const WARM_UP = 100;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 120) * 1000;
const TARGET_P99_MS = 200;

const fmt = (x: number, d = 1) => x.toFixed(d);
const line = (xs: number[]) => `p50 ${fmt(pct(xs, 50))} ms, p95 ${fmt(pct(xs, 95))} ms, p99 ${fmt(pct(xs, 99))} ms, max ${fmt(Math.max(...xs))} ms`;

async function linkAccounts(s: Stack, emails: string[]): Promise<string[]> {
  const ids = [await s.linkedAccount(emails[0]!, emails.slice(1))];
  for (const email of emails.slice(1)) {
    const id = (await s.createAccount(email)).id as string;
    const page = await s.link(id, email);
    if (!page.html.includes('Linking successful!')) throw new Error(`link ${email}: ${page.status}`);
    ids.push(id);
  }
  for (const id of ids) {
    const r = await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: RAISED_LIMITS });
    if (r.status !== 200) throw new Error(`raise limits: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return ids;
}

/** POSTs `n` messages, `clients` at once, round-robin over the accounts; returns their ids. */
async function sendMessages(s: Stack, accounts: string[], phase: string, n: number, clients: number): Promise<string[]> {
  const ids: string[] = new Array(n);
  await pool(n, clients, async (i) => {
    const r = await s.api('POST', `/api/v1/accounts/${accounts[i % accounts.length]}/messages`, { to: RECIPIENT, subject: `bench ${phase} ${i}`, text: `webhook latency ${phase} ${i}` });
    if (r.status !== 202) throw new Error(`POST …/messages: ${r.status} ${JSON.stringify(r.body)}`);
    ids[i] = r.body.id as string;
  });
  return ids;
}

/** Waits until the receiver has `message.accepted` for every id; returns each one's arrival. */
async function acceptedArrivals(rx: Awaited<ReturnType<typeof startTimedReceiver>>, ids: string[]): Promise<Map<string, Arrival>> {
  const wanted = new Set(ids);
  const got = new Map<string, Arrival>();
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    for (const a of rx.arrivals) {
      const id = a.body.data.messageId as string;
      if (a.body.type === 'message.accepted' && wanted.has(id) && !got.has(id)) got.set(id, a);
    }
    if (got.size === wanted.size) return got;
    if (Date.now() > deadline) throw new Error(`after ${TIMEOUT_MS / 1000} s the receiver has message.accepted for ${got.size} of ${ids.length} messages`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The receiver's own round-trip: sign a body with the endpoint's secret and POST it, one at a time. */
async function directRoundTrips(rx: Awaited<ReturnType<typeof startTimedReceiver>>, secret: string, raw: string, n: number): Promise<number[]> {
  const signer = new Webhook(secret);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = `msg_direct_${i}`;
    const start = performance.now();
    const at = new Date();
    const res = await fetch(rx.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signer.sign(id, at, raw) },
      body: raw,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`direct POST: ${res.status}`);
    const arrival = rx.arrivals.findLast((a) => a.id === id);
    if (!arrival) throw new Error('direct POST not recorded');
    out.push(arrival.hr - start);
  }
  return out;
}

const s = await startStack({ env: { MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' } });
try {
  s.emulator.setMailboxLimits({ concurrency: 0, messagesPerMinute: 0 });
  const setupStart = performance.now();
  const accounts = await linkAccounts(s, Array.from({ length: ACCOUNTS }, (_, i) => `sender${i}@contoso.example`));
  let secret = '';
  const rx = await startTimedReceiver(() => secret);
  const created = await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['message.accepted'], description: 'bench' });
  if (created.status !== 201) throw new Error(`POST /webhooks: ${created.status} ${JSON.stringify(created.body)}`);
  secret = created.body.secret as string;
  console.log(`setup: ${accounts.length} accounts linked through the sign-in pages, limits raised, one endpoint for message.accepted, in ${fmt(performance.now() - setupStart, 0)} ms`);

  // Warm-up: the same path end to end, not measured; one of its deliveries gives the baseline its body.
  const warm = await acceptedArrivals(rx, await sendMessages(s, accounts, 'warm', WARM_UP, 2));
  const sample = [...warm.values()][0]!.raw;
  await directRoundTrips(rx, secret, sample, 100); // warm-up
  const direct = await directRoundTrips(rx, secret, sample, N);
  console.log(`baseline, a signed POST (${Buffer.byteLength(sample)}-byte body, a real delivery's) straight to the receiver, ${N} one at a time: ${line(direct)}`);

  for (const clients of LOADS) {
    const start = performance.now();
    const ids = await sendMessages(s, accounts, `bench${clients}`, N, clients);
    const postedMs = performance.now() - start;
    const arrivals = await acceptedArrivals(rx, ids);
    const allMs = performance.now() - start;
    const latencies: number[] = [];
    const acceptedAts: number[] = [];
    let timestampSkew = 0;
    await pool(ids.length, 8, async (i) => {
      const id = ids[i]!;
      const m = await s.api('GET', `/api/v1/messages/${id}`);
      if (m.status !== 200 || !m.body.acceptedAt) throw new Error(`GET /messages/${id}: ${m.status} ${JSON.stringify(m.body)}`);
      const acceptedAt = Date.parse(m.body.acceptedAt as string);
      const a = arrivals.get(id)!;
      acceptedAts.push(acceptedAt);
      latencies.push(a.at - acceptedAt);
      timestampSkew = Math.max(timestampSkew, Math.abs(Date.parse(a.body.timestamp) - acceptedAt));
    });
    const acceptedWindow = Math.max(...acceptedAts) - Math.min(...acceptedAts);
    const benchIds = new Set(ids);
    const deliveries = rx.arrivals.filter((a) => benchIds.has(a.body.data.messageId as string));
    const duplicates = deliveries.length - new Set(deliveries.map((a) => a.id)).size;
    console.log(`\n== ${N} messages, ${clients} client(s) POSTing at once over ${accounts.length} accounts ==`);
    console.log(`load: POSTed in ${fmt(postedMs, 0)} ms; accepted by the emulator at ${fmt(((N - 1) / acceptedWindow) * 1000, 0)}/s; the last message.accepted at the receiver ${fmt(allMs, 0)} ms after the first POST`);
    console.log(`deliveries: ${deliveries.length}, every one verified by standardwebhooks (refused so far: ${rx.refused()}), duplicate webhook-ids: ${duplicates}; payload timestamp = acceptedAt within ${timestampSkew} ms`);
    console.log(`latency, acceptedAt → message.accepted at the receiver: ${line(latencies)}`);
    console.log(`p99 ${fmt(pct(latencies, 99))} ms: ${pct(latencies, 99) <= TARGET_P99_MS ? 'meets' : 'MISSES'} the target (≤ ${TARGET_P99_MS} ms)`);
    console.log(`ratio (Mailbridge / direct): p50 ${fmt(pct(latencies, 50) / pct(direct, 50), 0)}×, p99 ${fmt(pct(latencies, 99) / pct(direct, 99), 0)}×`);
  }
  await rx.close();
} finally {
  await s.close();
}
