/**
 * The SMTP relay under load (issue 12): N messages of about 10 kB over CONNECTIONS SMTP
 * connections that each carry many messages (nodemailer, one pooled connection per client,
 * STARTTLS then AUTH PLAIN), into a `node server/dist/main/cli.js serve` process on SQLite with
 * its relay on, while its outbox worker delivers them to an emulator running in this process.
 * Each connection authenticates with its own relay credential, on its own linked account
 * (Exchange's limits off in the emulator, the accounts' own raised with PATCH /accounts/{id}).
 *
 * - accepted per second: from the first connection's start to the last `250` (a 250 is given
 *   only once the message is committed to the outbox and SQLite's WAL synced to disk);
 * - delivered per second: the emulator's first to last acceptance of a bench message;
 * - the server's peak RSS (VmHWM);
 * - lost and duplicated: every message carries a marker header; each must reach the emulator once.
 *
 * Baseline, in the same run: the same client sending the same messages over the same number of
 * connections, with the same certificate, STARTTLS and AUTH, into a bare smtp-server that only
 * counts them. Ratio = relay accepted/s ÷ baseline accepted/s. Targets: ≥ 500 accepted/s,
 * ratio ≥ 0.5, 0 lost, 0 duplicated.
 *
 * These machines are noisy (the baseline alone varies by a third from one run to the next), so
 * the bench runs BENCH_ROUNDS rounds (3), each a baseline, then the relay, then waiting for every
 * relayed message to be delivered, and reports each round and the medians; a round's ratio is
 * against its own baseline. Before them, BENCH_WARMUP rounds (1) run the same way and are
 * reported but left out of the medians: in the first round both servers still run code V8 has
 * not optimised yet (both sides were about a third slower in it), and a relay serves for days.
 * Lost and duplicated count every round, the warm-up's included.
 *
 *   npm run bench:relay                (builds, then runs; about two minutes on 2 cores)
 *   BENCH_N=500 npm run bench:relay    (fewer messages)
 *   BENCH_WORKERS=0 npm run bench:relay   (the relay alone: nothing delivered, so the lost and
 *                                         delivered lines then only say the worker was off)
 *   BENCH_WINDOWS=1 BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:relay
 *                                        (a CPU profile of the server, and each relay phase's
 *                                         start and end on CLOCK_MONOTONIC in µs, the clock of the
 *                                         profile's timestamps, to keep the samples of the intake)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../e2e/support/stack.js';
import { ADMIN_KEY, api, linkAccounts, RECIPIENT, startWorld, type BenchAccount } from './outbox/bench-world.js';
import { killAll, startServe } from './outbox/serve-process.js';
import { median } from './stats.js';

const N = Number(process.env.BENCH_N ?? 2000);
const CONNECTIONS = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const WORKERS = process.env.BENCH_WORKERS === '0' ? '0' : '1';
const DELIVER_TIMEOUT_S = WORKERS === '0' ? 0 : Number(process.env.BENCH_DELIVER_TIMEOUT_S ?? 90);
const MB = 1024 * 1024;
const BODY = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(170)}\r\n`.replace(/(.{76})/g, '$1\r\n'); // ~10 kB
const fmt = (x: number, d = 0) => x.toFixed(d);

interface Client {
  user: string;
  pass: string;
  from: string;
}

/** The i-th bench message as raw MIME, its marker naming the run and the index. */
const mime = (phase: string, from: string, i: number): string =>
  [
    `From: Bench <${from}>`,
    `To: <${RECIPIENT}>`,
    `Subject: relay bench ${phase} ${i}`,
    `Message-ID: <relay-bench-${phase}-${i}@bench.example>`,
    `Date: ${new Date().toUTCString()}`,
    `X-Mailbridge-Test-Marker: ${phase}-${i}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    BODY,
  ].join('\r\n');

/**
 * Sends messages [0, N) over CONNECTIONS connections, message i on connection i % CONNECTIONS,
 * each connection one after the other (SMTP carries one message at a time per connection).
 * Returns the milliseconds from the start to the last 250.
 */
async function run(phase: string, port: number, clients: Client[]): Promise<number> {
  const start = performance.now();
  await Promise.all(clients.map(async (c, k) => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Infinity,
      auth: { user: c.user, pass: c.pass, method: 'PLAIN' },
      tls: { rejectUnauthorized: false },
    });
    try {
      for (let i = k; i < N; i += CONNECTIONS) {
        const info = await transport.sendMail({ envelope: { from: c.from, to: [RECIPIENT] }, raw: mime(phase, c.from, i) });
        if (!/^250 /.test(info.response)) throw new Error(`${phase} ${i}: ${info.response}`);
      }
    } finally {
      transport.close();
    }
  }));
  return performance.now() - start;
}

/** A bare smtp-server with the relay's certificate that accepts any AUTH and counts what it receives. */
async function startCountingServer(tls: { key: Buffer; cert: Buffer }): Promise<{ port: number; count(): number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    ...tls,
    authMethods: ['PLAIN', 'LOGIN'],
    size: 35 * MB,
    logger: false,
    onAuth: (auth, _session, cb) => cb(null, { user: auth.username }),
    onData(stream, _session, cb) {
      stream.on('end', () => {
        received++;
        cb(null);
      });
      stream.resume();
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, count: () => received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Round {
  r: number;
  baseRate: number;
  acceptedRate: number;
  cpu: { server: number; main: number; bench: number; baseline: number };
  delivered: number;
  deliveredRate: number;
  deliveredWhileAccepting: number;
  lost: number;
  duplicated: number;
}

/**
 * One round: the baseline, then the relay, then (worker on) waiting until the emulator has every
 * relayed message, so the next round starts as this one did and the emulator, which shares this
 * process with the clients, is idle during every baseline.
 */
async function round(r: number, bare: { port: number; count(): number }, clients: Client[]): Promise<Round> {
  const counted = bare.count();
  const baseCpu0 = process.cpuUsage();
  const baseMs = await run(`base${r}`, bare.port, clients);
  const baseCpu = process.cpuUsage(baseCpu0);
  if (bare.count() - counted !== N) throw new Error(`round ${r}: the baseline counted ${bare.count() - counted} of ${N}`);
  const cpu0 = { server: await server.cpuMs(), main: await server.mainThreadCpuMs(), bench: process.cpuUsage() };
  const t0 = process.hrtime.bigint() / 1000n;
  const relayMs = await run(`relay${r}`, relayPort, clients);
  if (process.env.BENCH_WINDOWS) console.log(`window ${t0} ${process.hrtime.bigint() / 1000n}`);
  const relayed = () => world.emulator.accepted().filter((a) => a.marker?.startsWith(`relay${r}-`));
  const deliveredWhileAccepting = relayed().length;
  const cpu = { server: (await server.cpuMs()) - cpu0.server, main: (await server.mainThreadCpuMs()) - cpu0.main, bench: (() => { const u = process.cpuUsage(cpu0.bench); return (u.user + u.system) / 1000; })(), baseline: (baseCpu.user + baseCpu.system) / 1000 };
  const deadline = Date.now() + DELIVER_TIMEOUT_S * 1000;
  while (relayed().length < N && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
  const counts = new Map<string, number>();
  for (const a of relayed()) counts.set(a.marker!, (counts.get(a.marker!) ?? 0) + 1);
  const times = relayed().map((a) => a.at);
  const windowMs = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
  return {
    r,
    baseRate: (N / baseMs) * 1000,
    acceptedRate: (N / relayMs) * 1000,
    cpu,
    delivered: counts.size,
    deliveredRate: ((counts.size - 1) / Math.max(1, windowMs)) * 1000,
    deliveredWhileAccepting,
    lost: N - counts.size,
    duplicated: [...counts.values()].filter((c) => c > 1).length,
  };
}

const world = await startWorld(CONNECTIONS);
const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-relay-bench-'));
process.on('exit', killAll);
const relayPort = await freePort();
const server = await startServe({
  MAILBRIDGE_DATA_DIR: dataDir,
  MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
  MAILBRIDGE_MS_AUTHORITY_URL: world.emulator.url,
  MAILBRIDGE_MS_GRAPH_URL: world.emulator.url,
  MAILBRIDGE_WORKERS: WORKERS,
  MAILBRIDGE_RELAY_PORT: String(relayPort),
  MAILBRIDGE_RELAY_HOST: '127.0.0.1',
});
let baseline: Awaited<ReturnType<typeof startCountingServer>> | undefined;
try {
  const accounts: BenchAccount[] = await linkAccounts(world, server.url);
  const clients: Client[] = [];
  for (const a of accounts) {
    const created = await api(server.url, 'POST', `/api/v1/accounts/${a.id}/relay-credentials`, { description: 'relay bench' });
    if (created.status !== 201) throw new Error(`relay credential: ${created.status} ${JSON.stringify(created.body)}`);
    clients.push({ user: created.body.username, pass: created.body.password, from: a.email });
  }
  const tls = { key: await readFile(path.join(dataDir, 'relay-tls', 'key.pem')), cert: await readFile(path.join(dataDir, 'relay-tls', 'cert.pem')) };
  baseline = await startCountingServer(tls);

  const warmups: Round[] = [];
  for (let r = 1 - WARMUP; r <= 0; r++) warmups.push(await round(r, baseline, clients));
  const rounds: Round[] = [];
  for (let r = 1; r <= ROUNDS; r++) rounds.push(await round(r, baseline, clients));
  const { peak } = await server.memory();
  const all = [...warmups, ...rounds];

  for (const x of all) {
    console.log(`${x.r <= 0 ? 'warm-up round (not in the medians)' : `round ${x.r}`}: baseline ${fmt(x.baseRate)} accepted/s, relay ${fmt(x.acceptedRate)} accepted/s, ratio ${fmt(x.acceptedRate / x.baseRate, 2)}` +
      (WORKERS === '1' ? `; delivered ${x.delivered} of ${N} at ${fmt(x.deliveredRate)}/s (${x.deliveredWhileAccepting} while the relay was still accepting), lost ${x.lost}, duplicated ${x.duplicated}` : ''));
  }
  const med = (f: (x: Round) => number) => median(rounds.map(f));
  console.log(`baseline: ${N} messages into a bare smtp-server (STARTTLS + AUTH, ${CONNECTIONS} connections): ${fmt(med((x) => x.baseRate))} accepted/s (median of ${ROUNDS} rounds)`);
  console.log(`relay:    ${N} messages into Mailbridge's relay (STARTTLS + AUTH, ${CONNECTIONS} connections, committed before 250, ${WORKERS === '1' ? 'delivery running' : 'worker off'}): ${fmt(med((x) => x.acceptedRate))} accepted/s (median; target ≥ 500)`);
  console.log(`ratio (relay / bare smtp-server, each round's own baseline): ${fmt(med((x) => x.acceptedRate / x.baseRate), 2)} (median; target ≥ 0.5)`);
  if (WORKERS === '1') {
    console.log(`delivered: ${fmt(med((x) => x.deliveredRate))} delivered/s (median, first to last acceptance by the emulator); the worker gives way to intake during a burst`);
    console.log(`lost: ${all.reduce((a, x) => a + x.lost, 0)}, duplicated: ${all.reduce((a, x) => a + x.duplicated, 0)} of ${N * all.length}, the warm-up's included (target 0 and 0)`);
  } else {
    console.log('delivered, lost, duplicated: not measured (BENCH_WORKERS=0: the worker is off)');
  }
  console.log(`CPU while the relay accepted: server ${fmt(med((x) => x.cpu.server / N), 2)} ms per message (its event loop's thread ${fmt(med((x) => x.cpu.main / N), 2)}), this process (clients and emulator) ${fmt(med((x) => x.cpu.bench / N), 2)} ms per message; during the baseline, this process (clients and the bare server) ${fmt(med((x) => x.cpu.baseline / N), 2)} ms per message (medians)`);
  console.log(`server peak RSS: ${fmt(peak / MB, 1)} MB`);
} finally {
  await baseline?.close();
  await server.stop().catch(() => {});
  await world.emulator.close();
  await rm(dataDir, { recursive: true, force: true });
}
