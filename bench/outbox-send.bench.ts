/**
 * The durable outbox under load (issue 7 §4), on SQLite (one server) and on PostgreSQL (two
 * servers sharing one database), each a separate `node server/dist/main/cli.js serve` process
 * pointed at an emulator running in this process (Exchange's per-mailbox limits off, the
 * accounts' own limits raised with PATCH /accounts/{id}):
 *
 * - Accept: N messages over 100 accounts linked through the sign-in pages, POSTed to
 *   /api/v1/accounts/{id}/messages at concurrency 20 against servers with MAILBRIDGE_WORKERS=0:
 *   accepted per second, latency p50/p99. Baseline: the same rows (outbox row + message.queued
 *   event, one transaction per message) written by a plain loop through the server's own store on
 *   the same database, at the same concurrency and durability (bench/outbox/baselines.ts).
 * - Deliver: the same N delivered by servers with MAILBRIDGE_WORKERS=1 (worker capacity 32 each,
 *   server/src/main/compose.ts): delivered per second, from the emulator's first acceptance of a
 *   bench message to its last, and each server's peak RSS (VmHWM). Baseline: the worker's Graph
 *   calls per message (draft with immutable ids, then send) straight to the emulator with the
 *   accounts' access tokens at concurrency 32 per server.
 *
 * Durability. SQLite runs in WAL mode. Accepting a message is a durable transaction: the WAL
 * holding its commit is synced to disk before POST …/messages answers, and the
 * message survives a killed process, an OS crash and a power cut. The worker's bookkeeping
 * commits with `synchronous = NORMAL` (written to the WAL, synced at checkpoints): it survives a
 * killed process (the chaos test's SIGKILLs); a power cut may roll back its last steps, which the
 * draft lookup on the next attempt recovers from without sending twice (server/src/storage/
 * create-store.ts, dialect.ts). PostgreSQL: its settings are printed (synchronous_commit=on and
 * fsync=on: committed means flushed to disk).
 *
 *   npm run bench:send                  (builds, then runs both; ~5 minutes on 2 cores)
 *   BENCH_N=2000 npm run bench:send     (fewer messages; BENCH_DB=sqlite|postgres runs one;
 *                                        BENCH_DELIVER_TIMEOUT_S, default 75, bounds each deliver run)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { SendMessage } from '@mailbridge/contract';
import type { MailAccount } from '../server/src/core/domain.js';
import { createStore } from '../server/src/storage/create-store.js';
import { parseMasterKey, Vault } from '../server/src/platform/vault.js';
import { freshPostgres } from '../e2e/support/databases.js';
import { ADMIN_KEY, linkAccounts, pool, RECIPIENT, startWorld } from './outbox/bench-world.js';
import { insertRowsDirectly, sendDirectly } from './outbox/baselines.js';
import { killAll, startServe, type ServeProcess } from './outbox/serve-process.js';
import { pct } from './stats.js';

const N = Number(process.env.BENCH_N ?? 10_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100);
const CLIENTS = 20;
const WORKER_CAPACITY = 32; // compose.ts
const WARM_UP = 200;
const DELIVER_TIMEOUT_S = Number(process.env.BENCH_DELIVER_TIMEOUT_S ?? 75);
const TEXT = 'Lorem ipsum dolor sit amet. '.repeat(70); // ~2 kB, as bench/send-overhead.bench.ts
const MB = 1024 * 1024;

const cpuOf = async (servers: ServeProcess[]) => (await Promise.all(servers.map((s) => s.cpuMs()))).reduce((a, b) => a + b, 0);
const rate = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (x: number, d = 0) => x.toFixed(d);

/** A bench message; `phase` tells the emulator's log which run it belongs to, `marker` counts it. */
const message = (phase: string, i: number, sendAt?: string): SendMessage => ({
  to: RECIPIENT,
  subject: `bench ${phase} ${i}`,
  text: TEXT,
  headers: { 'X-Mailbridge-Test-Marker': `${phase}-${i}`, 'X-Bench-Phase': phase },
  ...(sendAt ? { sendAt } : {}),
});

async function post(server: ServeProcess, accountId: string, body: SendMessage): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${server.url}/api/v1/accounts/${accountId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`POST …/messages: ${res.status} ${text}`);
  return performance.now() - start;
}

async function sqliteDurability(file: string): Promise<string> {
  // Opened as dialect.ts opens it: the file exists and is in WAL mode already.
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    // The server syncs the WAL after a durable commit itself (sqlite-wal-sync.ts); only the journal mode is the file's.
    return `journal_mode=${String(db.pragma('journal_mode', { simple: true }))}; accepting a message: the WAL synced before the 202; the worker's bookkeeping: synchronous=NORMAL`;
  } finally {
    db.close();
  }
}

async function postgresDurability(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const show = async (name: string) => `${name}=${(await c.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name]}`;
    return [await show('synchronous_commit'), await show('fsync'), await show('wal_sync_method')].join(', ');
  } finally {
    await c.end();
  }
}

async function scenario(label: string, instances: number, db: { databaseUrl: string; dataDir: string; durability: () => Promise<string> }): Promise<void> {
  console.log(`\n== ${label}: ${instances} server process(es), N=${N} messages over ${ACCOUNTS} accounts ==`);
  const secretKey = randomBytes(32).toString('base64');
  const vault = new Vault([parseMasterKey(secretKey)]);
  // The schema (and, for SQLite, the WAL-mode file) exists before the servers start, as after any first run.
  await (await createStore({ databaseUrl: db.databaseUrl, vault })).close();
  const world = await startWorld(ACCOUNTS);
  const servers: ServeProcess[] = [];
  const start = (workers: 0 | 1) => startServe({
    MAILBRIDGE_DATABASE_URL: db.databaseUrl, MAILBRIDGE_DATA_DIR: db.dataDir, MAILBRIDGE_SECRET_KEY: secretKey, MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
    MAILBRIDGE_MS_AUTHORITY_URL: world.emulator.url, MAILBRIDGE_MS_GRAPH_URL: world.emulator.url, MAILBRIDGE_WORKERS: String(workers),
  });
  const stopAll = async () => {
    const peaks = await Promise.all(servers.map(async (s) => (await s.memory().catch(() => ({ peak: 0 }))).peak));
    await Promise.all(servers.map((s) => s.stop()));
    servers.length = 0;
    return peaks;
  };
  try {
    // ---- Accept ------------------------------------------------------------------------------
    for (let i = 0; i < instances; i++) servers.push(await start(0));
    const linkStart = performance.now();
    const accounts = await linkAccounts(world, servers[0]!.url);
    console.log(`setup: ${accounts.length} accounts linked through the sign-in pages, limits raised, in ${fmt(performance.now() - linkStart)} ms`);
    const later = new Date(Date.now() + 29 * 24 * 3600_000).toISOString();
    await pool(WARM_UP * instances, CLIENTS, async (i) => void (await post(servers[i % instances]!, accounts[i % accounts.length]!.id, message('warm', i, later))));
    const latencies: number[] = new Array(N);
    const cpuBefore = await cpuOf(servers);
    const benchCpuBefore = process.cpuUsage();
    const acceptStart = performance.now();
    await pool(N, CLIENTS, async (i) => void (latencies[i] = await post(servers[i % instances]!, accounts[i % accounts.length]!.id, message('api', i))));
    const acceptMs = performance.now() - acceptStart;
    const acceptCpu = (await cpuOf(servers)) - cpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const acceptPeaks = await Promise.all(servers.map(async (s) => (await s.memory()).peak));

    const store = await createStore({ databaseUrl: db.databaseUrl, vault });
    let baselineInsertMs: number;
    let tokens: string[];
    let rows: MailAccount[];
    try {
      rows = await Promise.all(accounts.map(async (a) => (await store.accounts.get(a.id))!));
      await insertRowsDirectly(store, rows, (i) => message('warm-direct', i), WARM_UP, CLIENTS);
      baselineInsertMs = await insertRowsDirectly(store, rows, (i) => message('rows', i), N, CLIENTS);
      tokens = await Promise.all(accounts.map(async (a) => (await store.tokens.get(a.id))!.accessToken.reveal()));
    } finally {
      await store.close();
    }
    const durability = await db.durability();
    await stopAll();
    const accepted = rate(N, acceptMs);
    const insertRate = rate(N, baselineInsertMs);
    console.log(`durability: ${durability}`);
    console.log(`accept: ${N} POST …/messages (${CLIENTS} at once, MAILBRIDGE_WORKERS=0) in ${fmt(acceptMs)} ms: ${fmt(accepted)} accepted/s (target ≥ 1000), latency p50 ${fmt(pct(latencies, 50), 1)} ms, p99 ${fmt(pct(latencies, 99), 1)} ms (target ≤ 50), max ${fmt(Math.max(...latencies), 1)} ms`);
    console.log(`accept CPU: servers ${fmt(acceptCpu / N, 2)} ms per message (${fmt((acceptCpu / acceptMs) * 100)}% of one core), this process (HTTP clients) ${fmt((benchCpu.user + benchCpu.system) / 1000 / N, 2)} ms per message, on ${availableParallelism()} cores`);
    console.log(`accept baseline: the same rows + events, one transaction each, ${CLIENTS} loops through the store, in ${fmt(baselineInsertMs)} ms: ${fmt(insertRate)}/s`);
    console.log(`accept ratio (API / direct inserts): ${fmt(accepted / insertRate, 2)}`);
    console.log(`accept-only server peak RSS: ${acceptPeaks.map((p) => `${fmt(p / MB, 1)} MB`).join(', ')}`);

    // ---- Deliver -----------------------------------------------------------------------------
    const concurrency = WORKER_CAPACITY * instances;
    await sendDirectly(world.emulator.url, tokens, rows, (i) => message('warm-graph', i), WARM_UP, concurrency);
    const directMs = await sendDirectly(world.emulator.url, tokens, rows, (i) => message('direct', i), N, concurrency);
    const directRate = rate(N, directMs);

    const spawnAt = Date.now();
    for (let i = 0; i < instances; i++) servers.push(await start(1));
    // Bounded, so the whole bench stays near five minutes: a slower outbox reports the rate it reached.
    const deadline = Date.now() + DELIVER_TIMEOUT_S * 1000;
    const phaseCount = () => world.emulator.acceptedCounts({ header: 'X-Bench-Phase' }).api ?? 0;
    while (phaseCount() < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const doneAt = Date.now();
    const deliverCpu = await cpuOf(servers);
    const deliverPeaks = await stopAll();
    const times = world.emulator.accepted().filter((a) => a.headers['x-bench-phase'] === 'api').map((a) => a.at);
    const done = times.length;
    const windowMs = Math.max(...times) - Math.min(...times);
    const delivered = rate(done - 1, windowMs);
    const counts = world.emulator.acceptedCounts('marker');
    const apiMarkers = Object.entries(counts).filter(([k]) => k.startsWith('api-'));
    const twice = apiMarkers.filter(([, c]) => c > 1).length;
    const finished = done >= N ? `${N} accepted by the emulator` : `NOT FINISHED: ${done} of ${N} accepted by the emulator when the ${DELIVER_TIMEOUT_S} s limit ran out;`;
    console.log(`deliver baseline: ${N} × (draft + send) straight to the emulator, ${concurrency} at once, in ${fmt(directMs)} ms: ${fmt(directRate)}/s`);
    console.log(`deliver: ${finished} in ${fmt(windowMs)} ms from the first to the last (${fmt(doneAt - spawnAt)} ms from spawning the servers): ${fmt(delivered)} delivered/s; none twice: ${twice === 0 ? 'yes' : `NO (${twice} more than once)`}`);
    console.log(`deliver ratio (Mailbridge / direct Graph): ${fmt(delivered / directRate, 2)} (target ≥ 0.4)`);
    console.log(`deliver CPU: servers ${fmt(deliverCpu / Math.max(1, done), 2)} ms per delivered message (start-up included)`);
    console.log(`delivering server peak RSS: ${deliverPeaks.map((p) => `${fmt(p / MB, 1)} MB`).join(', ')} (target ≤ 250 MB)`);
  } finally {
    await Promise.all(servers.map((s) => s.stop().catch(() => {})));
    await world.emulator.close();
  }
}

const only = process.env.BENCH_DB;
const cleanups: Array<() => Promise<void>> = [];
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    void Promise.allSettled(cleanups.reverse().map((c) => c())).then(() => process.exit(130));
  });
}
try {
  if (!only || only === 'sqlite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-bench-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const file = path.join(dataDir, 'mailbridge.db');
    await scenario('SQLite', 1, { databaseUrl: `sqlite:${file}`, dataDir, durability: () => sqliteDurability(file) });
  }
  if (!only || only === 'postgres') {
    const pgDb = freshPostgres();
    cleanups.push(() => pgDb.cleanup());
    const { databaseUrl } = await pgDb.options();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-bench-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    await scenario('PostgreSQL', 2, { databaseUrl: databaseUrl!, dataDir, durability: () => postgresDurability(databaseUrl!) });
  }
} finally {
  killAll();
  for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.error('cleanup failed:', e));
}
