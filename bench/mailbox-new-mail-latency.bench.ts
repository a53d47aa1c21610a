/**
 * New-mail latency over IMAP (issue 11, "Measured"): from a message's arrival in Dovecot to the
 * `message.received` webhook at a local receiver, p50 and p99 over a stream of 5 messages per
 * second for 60 s. Target: p99 ≤ 1 s.
 *
 * Mailbridge and the emulator run in this process (e2e/support/stack.ts, SQLite,
 * MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE=true), with a private Dovecot cut down to Exchange Online's
 * capabilities as its IMAP server. One SMTP + IMAP account, linked through the sign-in pages,
 * reads its mailbox (first sync done, then IDLE on the inbox); one endpoint subscribes to
 * `message.received`, its receiver (bench/webhooks/timed-receiver.ts) verifying every delivery and
 * noting when it arrived. The stream: one message every 200 ms written into the user's Maildir
 * as an MDA does (Dovecot.deliver: tmp/, then renamed into new/); a message's arrival is the
 * moment that rename has returned. Each webhook is matched to its message by `data.internetMessageId`.
 *
 * Baseline: in the same run, over the same stream, a bare imapflow client in IDLE on the same
 * INBOX: the time until Dovecot reports the message's EXISTS to it (the first EXISTS whose count
 * includes it). Mailbridge's latency cannot be less; the ratio and the difference say what
 * Mailbridge adds: noticing the EXISTS, the UID FETCH of the new message, storing it with its
 * event, and the webhook worker signing and posting it.
 *
 *   npm run bench:sync-latency                  (builds, then runs; ~2 minutes)
 *   BENCH_RATE=10 BENCH_SECONDS=30 npm run bench:sync-latency
 *   BENCH_PROFILE=1 npm run bench:sync-latency   (adds a CPU profile of this process during the stream)
 */
import { performance } from 'node:perf_hooks';
import { corpus } from './mailbox/corpus.js';
import { profiled } from './mailbox/cpu-profile.js';
import { bareClient, fmt, linkImapAccount, outlookToken, readUntilSynced, startImapStack } from './mailbox/imap-world.js';
import { pct } from './stats.js';
import { writeInbox } from './mailbox/maildir-bulk.js';
import { startTimedReceiver } from './webhooks/timed-receiver.js';

const RATE = Number(process.env.BENCH_RATE ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const N = RATE * SECONDS;
const WARM_UP = 10;
const TAIL_TIMEOUT_MS = 30_000;
const TARGET_P99_MS = 1000;
const OWNER = 'reader@contoso.example';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const line = (xs: number[]) => `p50 ${fmt(pct(xs, 50), 1)} ms, p90 ${fmt(pct(xs, 90), 1)} ms, p99 ${fmt(pct(xs, 99), 1)} ms, max ${fmt(Math.max(...xs), 1)} ms`;

const { s, dovecot } = await startImapStack({ MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' });
let failed = false;
let secret = '';
const rx = await startTimedReceiver(() => secret);
let idler: Awaited<ReturnType<typeof bareClient>> | undefined;
try {
  const setupStart = performance.now();
  const accountId = await linkImapAccount(s, OWNER);
  await writeInbox(dovecot, OWNER, corpus(OWNER, 50, { tag: 'old' }));
  const created = await s.api('POST', '/api/v1/webhooks', { url: rx.url, events: ['message.received'], description: 'bench' });
  if (created.status !== 201) throw new Error(`POST /webhooks: ${created.status} ${JSON.stringify(created.body)}`);
  secret = created.body.secret as string;
  // A Mailbridge that cannot read still leaves the baseline to measure; the bench fails at the end.
  let mailbridgeError: string | null = null;
  const first = await readUntilSynced(s, accountId, { timeoutMs: 60_000 }).catch((e: unknown) => {
    mailbridgeError = (e as Error).message;
    return null;
  });
  if (first?.timedOut) mailbridgeError = `the first sync did not finish in 60 s: ${JSON.stringify(first.state)}`;

  // The baseline's client: IDLE on the same INBOX, every EXISTS noted with its count.
  idler = await bareClient(dovecot, OWNER, await outlookToken(s, accountId));
  const box = await idler.mailboxOpen('INBOX', { readOnly: true });
  // imapflow updates the mailbox object as the server reports: its count now, kept.
  const opened = box.exists;
  const exists: Array<{ count: number; hr: number }> = [{ count: opened, hr: performance.now() }];
  idler.on('exists', (e: { count: number }) => exists.push({ count: e.count, hr: performance.now() }));
  void idler.idle().catch(() => {});
  console.log(`setup: Dovecot ${dovecot.url} (Exchange Online's capabilities), an SMTP + IMAP account with 50 messages read (first sync in ${first ? fmt(first.ms) : '—'} ms), a webhook endpoint for message.received, a bare imapflow client in IDLE on the same INBOX; in ${fmt(performance.now() - setupStart)} ms`);

  const stream = corpus(OWNER, WARM_UP + N, { tag: 'live', seed: 7 });
  /** Delivers messages [from, to) one every 1000/RATE ms; when each landed (performance.now()). */
  const deliverStream = async (from: number, to: number, rate: number): Promise<number[]> => {
    const at: number[] = [];
    const start = performance.now();
    for (let i = from; i < to; i++) {
      const due = start + ((i - from) * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      await dovecot.deliver(OWNER, stream[i]!.mime);
      at.push(performance.now());
    }
    return at;
  };
  const arrivalOf = (messageId: string) => rx.arrivals.find((a) => a.body.type === 'message.received' && a.body.data.internetMessageId === messageId);
  const waitForWebhooks = async (from: number, to: number) => {
    if (mailbridgeError) return;
    const deadline = performance.now() + TAIL_TIMEOUT_MS;
    for (;;) {
      const missing = stream.slice(from, to).filter((m) => !arrivalOf(m.messageId)).length;
      if (missing === 0) return;
      if (performance.now() > deadline) throw new Error(`${TAIL_TIMEOUT_MS / 1000} s after the last delivery, ${missing} of ${to - from} message.received webhooks have not arrived`);
      await sleep(50);
    }
  };

  // Warm-up: the same path end to end, not measured.
  await deliverStream(0, WARM_UP, 2);
  await waitForWebhooks(0, WARM_UP);
  await sleep(1000);
  if (exists.at(-1)!.count < opened + WARM_UP) throw new Error(`the bare client saw EXISTS ${exists.at(-1)!.count}, not ${opened + WARM_UP}`);
  const base = exists.at(-1)!.count;

  const delivered = await profiled('the stream', async () => {
    const at = await deliverStream(WARM_UP, WARM_UP + N, RATE);
    await waitForWebhooks(WARM_UP, WARM_UP + N);
    const deadline = performance.now() + TAIL_TIMEOUT_MS;
    while (exists.at(-1)!.count < base + N && performance.now() < deadline) await sleep(20);
    return at;
  });
  const streamMs = delivered.at(-1)! - delivered[0]!;
  const dovecotExists: number[] = [];
  for (let k = 0; k < N; k++) {
    const e = exists.find((x) => x.count >= base + k + 1);
    if (!e) throw new Error(`the bare client never saw EXISTS ${base + k + 1}`);
    dovecotExists.push(e.hr - delivered[k]!);
  }
  const coalesced = exists.filter((x) => x.count > base).length;
  console.log(`\n== ${N} messages, ${RATE} per second for ${SECONDS} s (delivered over ${fmt(streamMs)} ms) ==`);
  console.log(`baseline, arrival in the Maildir → EXISTS at a bare imapflow IDLE client (${coalesced} EXISTS for ${N} messages): ${line(dovecotExists)}`);
  if (mailbridgeError) throw new Error(`Mailbridge did not read the mailbox, so no figures for it: ${mailbridgeError}`);

  const mb: number[] = [];
  const added: number[] = [];
  for (let k = 0; k < N; k++) {
    const a = arrivalOf(stream[WARM_UP + k]!.messageId)!;
    mb.push(a.hr - delivered[k]!);
    added.push(a.hr - (delivered[k]! + dovecotExists[k]!));
  }
  const ids = new Set(stream.slice(WARM_UP).map((m) => m.messageId));
  const deliveries = rx.arrivals.filter((a) => ids.has(a.body.data.internetMessageId as string));
  const perMessage = new Set(deliveries.map((a) => a.body.data.internetMessageId)).size;
  console.log(`webhooks: ${deliveries.length} deliveries of message.received for ${perMessage} of ${N} messages (verified; refused ${rx.refused()}), ${deliveries.length - new Set(deliveries.map((a) => a.id)).size} repeated webhook-ids, ${deliveries.length - perMessage} extra deliveries`);
  console.log(`Mailbridge, arrival in the Maildir → message.received at the receiver: ${line(mb)}`);
  console.log(`what Mailbridge adds (message.received − the bare client's EXISTS, per message): ${line(added)}`);
  console.log(`p99 ${fmt(pct(mb, 99))} ms: ${pct(mb, 99) <= TARGET_P99_MS ? 'meets' : 'MISSES'} the target (≤ ${TARGET_P99_MS} ms)`);
  console.log(`ratio (Mailbridge / bare EXISTS): p50 ${fmt(pct(mb, 50) / pct(dovecotExists, 50), 2)}×, p99 ${fmt(pct(mb, 99) / pct(dovecotExists, 99), 2)}×`);
} catch (err) {
  failed = true;
  console.error(`\nbench failed: ${(err as Error).stack ?? String(err)}`);
} finally {
  idler?.close();
  await rx.close();
  await s.close();
  await dovecot.stop();
}
if (failed) process.exitCode = 1;
