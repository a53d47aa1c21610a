/**
 * Memory per linked IMAP account with IDLE open (issue 11, "Measured"): at 200 SMTP + IMAP
 * accounts against Dovecot, MB of RSS per account. Target ≤ 0.5 MB.
 *
 * Mailbridge runs as a real `node server/dist/main/cli.js serve` process (e2e/support/
 * serve-process.ts, with `--inspect` so the bench can force a GC; SQLite, MAILBRIDGE_LOG_LEVEL=warn) pointed at an emulator in this process and
 * at a private Dovecot (Exchange Online's capabilities, process_limit 450: Dovecot runs one imap
 * process per session) authenticating XOAUTH2 against it. 200 accounts are linked through the API
 * and the emulator's sign-in pages; each mailbox has a few messages (bench/mailbox/corpus.ts).
 *
 * - Mailbridge: the serve process's VmRSS (/proc/<pid>/status; median of 5 samples a second apart)
 *   with reading off, after settling; then reading on for all 200 (PUT …/mailbox), every one
 *   `synced` with its connection to Dovecot open (IDLE), settled 10 s, measured again:
 *   (RSS_on − RSS_off) / 200, the figure held against the target. The garbage of linking is
 *   collected before RSS_off (two forced full GCs, HeapProfiler.collectGarbage through the
 *   inspector, bench/mailbox/inspector-gc.ts), not that of the 200 concurrent first syncs before
 *   RSS_on, so the figure errs high; both are also read right after such a GC, which shows what
 *   the idle accounts themselves hold. The sessions are counted in Dovecot (`doveadm who`) and on the wire
 *   (established connections from the serve process to Dovecot's port, /proc/net/tcp): one
 *   long-lived connection per account is 200.
 * - Baseline: a bare Node process (bench/mailbox/idle-clients.ts) opening the same 200 mailboxes
 *   with imapflow (XOAUTH2, SELECT INBOX, IDLE): what it retains per mailbox (JS heap used +
 *   external memory, after a forced GC, before and after; its RSS barely moves, the heap committed
 *   at start-up absorbing 200 connections), the least a Node IMAP client keeping IDLE can hold.
 *   The ratio compares Mailbridge's RSS per account with it; Mailbridge's serve process is
 *   measured as it runs (no forced GC), so what its first syncs left in the heap counts too.
 *
 *   npm run bench:sync-memory                  (builds, then runs; ~2 minutes)
 *   BENCH_ACCOUNTS=50 npm run bench:sync-memory
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDovecot, type Dovecot } from '../e2e/support/dovecot.js';
import { createStore } from '../server/src/storage/create-store.js';
import { parseMasterKey, Vault } from '../server/src/platform/vault.js';
import { corpus } from './mailbox/corpus.js';
import { fmt } from './mailbox/imap-world.js';
import { median } from './stats.js';
import { writeInbox } from './mailbox/maildir-bulk.js';
import { connectionsTo, dovecotSessions, linkImapAccounts, startInspectableServe, type InspectableServe } from './mailbox/serve-world.js';
import { ADMIN_KEY, api, pool, startWorld, type BenchWorld } from './outbox/bench-world.js';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 200);
const MESSAGES_EACH = 5;
const SETTLE_MS = Number(process.env.BENCH_SETTLE_S ?? 10) * 1000;
const SYNC_TIMEOUT_MS = Number(process.env.BENCH_SYNC_TIMEOUT_S ?? 120) * 1000;
const TARGET_MB = 0.5;
const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The median of 5 samples of the process's VmRSS, a second apart. */
async function sampledRss(server: InspectableServe): Promise<{ median: number; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push((await server.memory()).rss);
    if (i < 4) await sleep(1000);
  }
  return { median: median(samples), samples };
}

const mbList = (xs: number[]) => xs.map((x) => fmt(x / MB, 1)).join(', ');

/** The baseline process: 200 bare imapflow clients in IDLE; its RSS before and after, and Dovecot's count meanwhile. */
async function bareIdle(dovecot: Dovecot, users: Array<{ user: string; token: string }>, dir: string) {
  const input = path.join(dir, 'idle-clients.json');
  await writeFile(input, JSON.stringify({ host: dovecot.host, port: dovecot.port, settleMs: Math.min(SETTLE_MS, 5000), users }));
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'mailbox/idle-clients.ts'), input], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  try {
    const deadline = Date.now() + 120_000;
    while (!out.includes('\n')) {
      if (child.exitCode !== null) throw new Error(`the baseline process exited: ${err}`);
      if (Date.now() > deadline) throw new Error(`the baseline process gave no answer in 120 s: ${err}`);
      await sleep(100);
    }
    const result = JSON.parse(out.split('\n')[0]!) as { before: number; after: number; connections: number; heapBefore: number; heapAfter: number };
    const sessions = await dovecotSessions(dovecot.dir);
    const wire = await connectionsTo(dovecot.port, child.pid!);
    return { ...result, sessions, wire };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-bench-'));
let world: BenchWorld | undefined;
let dovecot: Dovecot | undefined;
let server: InspectableServe | undefined;
let failed = false;
try {
  world = await startWorld(ACCOUNTS);
  dovecot = await startDovecot({ emulatorUrl: world.emulator.url, exchangeCapabilities: true, processLimit: 450 });
  const writeStart = performance.now();
  await pool(world.emails.length, 8, async (i) => writeInbox(dovecot!, world!.emails[i]!, corpus(world!.emails[i]!, MESSAGES_EACH, { seed: i + 1, tag: `m${i}` }), 8));
  const secretKey = randomBytes(32).toString('base64');
  const databaseUrl = `sqlite:${path.join(dataDir, 'mailbridge.db')}`;
  server = await startInspectableServe({
    MAILBRIDGE_DATABASE_URL: databaseUrl, MAILBRIDGE_DATA_DIR: dataDir, MAILBRIDGE_SECRET_KEY: secretKey, MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
    MAILBRIDGE_MS_AUTHORITY_URL: world.emulator.url, MAILBRIDGE_MS_GRAPH_URL: world.emulator.url, MAILBRIDGE_MS_IMAP_URL: dovecot.url,
  });
  const linkStart = performance.now();
  const accounts = await linkImapAccounts(world, server.url);
  console.log(`setup: Dovecot ${dovecot.url} (Exchange Online's capabilities, process_limit 450), ${ACCOUNTS} mailboxes of ${MESSAGES_EACH} messages written in ${fmt(linkStart - writeStart)} ms; serve pid ${server.pid}; ${accounts.length} SMTP + IMAP accounts linked through the sign-in pages in ${fmt(performance.now() - linkStart)} ms`);

  // ---- Reading off -----------------------------------------------------------------------------
  // What linking left in the heap collected first, so both readings below start clean.
  await server.collectGarbage();
  const offGc = await sampledRss(server);
  await sleep(SETTLE_MS);
  const off = await sampledRss(server);
  console.log(`reading off: serve RSS right after a forced full GC ${fmt(offGc.median / MB, 1)} MB; ${SETTLE_MS / 1000} s later ${fmt(off.median / MB, 1)} MB (samples ${mbList(off.samples)} MB)`);

  // ---- Baseline: bare imapflow clients in IDLE ---------------------------------------------------
  const store = await createStore({ databaseUrl, vault: new Vault([parseMasterKey(secretKey)]) });
  let users: Array<{ user: string; token: string }>;
  try {
    users = await Promise.all(accounts.map(async (a) => ({ user: a.email, token: (await store.tokens.get(a.id, 'outlook'))!.accessToken.reveal() })));
  } finally {
    await store.close();
  }
  const bare = await bareIdle(dovecot, users, dataDir);
  const barePer = (bare.heapAfter - bare.heapBefore) / ACCOUNTS;
  console.log(`baseline: a bare Node process with imapflow, ${bare.connections} connections in IDLE (Dovecot: ${bare.sessions.sessions} sessions, ${bare.wire.fromPid} established from that process): retained JS heap + external ${fmt(bare.heapBefore / MB, 1)} → ${fmt(bare.heapAfter / MB, 1)} MB, ${fmt(barePer / MB, 3)} MB per mailbox (its RSS ${fmt(bare.before / MB, 1)} → ${fmt(bare.after / MB, 1)} MB: below RSS's resolution, the heap already committed at start-up absorbs it)`);
  await sleep(2000);

  // ---- Reading on ------------------------------------------------------------------------------
  const onStart = performance.now();
  await pool(accounts.length, 8, async (i) => {
    const r = await api(server!.url, 'PUT', `/api/v1/accounts/${accounts[i]!.id}/mailbox`, { reading: true });
    if (r.status !== 200) throw new Error(`PUT …/mailbox: ${r.status} ${JSON.stringify(r.body)}`);
  });
  const statuses = new Map<string, { status: string; diagnosis?: unknown }>();
  for (;;) {
    await pool(accounts.length, 8, async (i) => {
      const r = await api(server!.url, 'GET', `/api/v1/accounts/${accounts[i]!.id}/mailbox`);
      if (r.status !== 200) throw new Error(`GET …/mailbox: ${r.status} ${JSON.stringify(r.body)}`);
      statuses.set(accounts[i]!.id, r.body);
    });
    const synced = [...statuses.values()].filter((x) => x.status === 'synced').length;
    if (synced === accounts.length) break;
    if (performance.now() - onStart > SYNC_TIMEOUT_MS) {
      const byStatus = [...statuses.values()].reduce<Record<string, number>>((m, x) => ({ ...m, [x.status]: (m[x.status] ?? 0) + 1 }), {});
      const sample = [...statuses.values()].find((x) => x.status !== 'synced');
      throw new Error(`after ${SYNC_TIMEOUT_MS / 1000} s, ${synced} of ${accounts.length} mailboxes are synced: ${JSON.stringify(byStatus)}; e.g. ${JSON.stringify(sample)}`);
    }
    await sleep(1000);
  }
  const syncedMs = performance.now() - onStart;
  // Idle: every account's connection open (the first sync's short ones closed), and nothing more moving.
  let wire = await connectionsTo(dovecot.port, server.pid);
  const idleDeadline = performance.now() + 30_000;
  while (wire.fromPid !== accounts.length && performance.now() < idleDeadline) {
    await sleep(500);
    wire = await connectionsTo(dovecot.port, server.pid);
  }
  await sleep(SETTLE_MS);
  const on = await sampledRss(server);
  const peak = (await server.memory()).peak;
  await server.collectGarbage();
  const onGc = await sampledRss(server);
  wire = await connectionsTo(dovecot.port, server.pid);
  const sessions = await dovecotSessions(dovecot.dir);
  const per = (on.median - off.median) / ACCOUNTS;
  const perGc = (onGc.median - offGc.median) / ACCOUNTS;

  console.log(`\n== ${ACCOUNTS} SMTP + IMAP accounts, reading on, IDLE ==`);
  console.log(`reading on → all ${ACCOUNTS} synced in ${fmt(syncedMs)} ms; then ${SETTLE_MS / 1000} s settling`);
  console.log(`Dovecot: ${sessions.sessions} IMAP sessions for ${sessions.users} users (${sessions.usersWithMore} users with more than one); established connections from the serve process to Dovecot: ${wire.fromPid} (one long-lived connection per account: ${wire.fromPid === ACCOUNTS && sessions.sessions === ACCOUNTS ? 'yes' : 'NO'})`);
  console.log(`serve RSS: reading off ${fmt(off.median / MB, 1)} MB, reading on ${fmt(on.median / MB, 1)} MB (samples ${mbList(on.samples)} MB), peak so far ${fmt(peak / MB, 1)} MB`);
  console.log(`serve RSS after a forced full GC: reading off ${fmt(offGc.median / MB, 1)} MB, reading on ${fmt(onGc.median / MB, 1)} MB: ${fmt(perGc / MB, 3)} MB per account (what the idle connections hold, without what the 200 first syncs left in the heap)`);
  console.log(`per account: ${fmt(per / MB, 3)} MB — ${per / MB <= TARGET_MB ? 'meets' : 'MISSES'} the target (≤ ${TARGET_MB} MB)`);
  console.log(`ratio (Mailbridge per account / bare imapflow per mailbox): ${fmt(per / barePer, 1)} as measured, ${fmt(perGc / barePer, 1)} after GC`);
} catch (err) {
  failed = true;
  console.error(`\nbench failed: ${(err as Error).stack ?? String(err)}`);
} finally {
  await server?.stop().catch(() => {});
  await dovecot?.stop().catch(() => {});
  await world?.emulator.close();
  await rm(dataDir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
