/**
 * The memory bench's baseline, run as its own Node process (bench/mailbox/idle-baseline.ts starts
 * it): what a bare imapflow client costs per mailbox held open in IDLE. Reads
 * `{host, port, settleMs, users: [{user, token}]}` from the JSON file named by its argument;
 * measures its own RSS (after a forced GC: what is retained), opens one connection per user (XOAUTH2, SELECT INBOX read-only, IDLE),
 * waits `settleMs`, measures again, writes `{before, after, connections}` (bytes) as one JSON line
 * on stdout, and keeps the connections open until it is sent SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { ImapFlow } from 'imapflow';

interface Input { host: string; port: number; settleMs: number; users: Array<{ user: string; token: string }> }

const rss = async () => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile('/proc/self/status', 'utf8'))![1]) * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Median of a few samples a second apart, after a full garbage collection (run with --expose-gc). */
async function sampledRss(): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    xs.push(await rss());
    await sleep(1000);
  }
  return xs.sort((a, b) => a - b)[2]!;
}

const input = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as Input;
await sleep(input.settleMs);
const before = await sampledRss();
const m0 = process.memoryUsage();
const heapBefore = m0.heapUsed + m0.external;
const clients: ImapFlow[] = [];
let next = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < input.users.length) {
    const u = input.users[next++]!;
    const client = new ImapFlow({ host: input.host, port: input.port, secure: false, doSTARTTLS: false, auth: { user: u.user, accessToken: u.token }, logger: false, disableAutoIdle: true });
    client.on('error', () => {});
    await client.connect();
    await client.mailboxOpen('INBOX', { readOnly: true });
    void client.idle().catch(() => {});
    clients.push(client);
  }
}));
await sleep(input.settleMs);
const after = await sampledRss();
const mem = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ before, after, connections: clients.filter((c) => c.usable).length, heapBefore, heapAfter: mem.heapUsed + mem.external })}\n`);
// Held open until the bench has counted Dovecot's sessions and sends SIGTERM.
setInterval(() => {}, 60_000);
