import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { freshPostgres } from '../support/databases.js';
import { until as waitUntil } from '../support/until.js';

const MESSAGES = 2_000;
const ACCOUNTS = 20;
const MARKER = 'X-Mailbridge-Test-Marker';
const FAST = { MAILBRIDGE_LEASE_SECONDS: '2', MAILBRIDGE_RETRY_BASE_SECONDS: '0.05' };

/** Microsoft misbehaving as it does: 10% 503, 5% 429 (half without Retry-After), dropped connections, accepted-then-dropped answers. */
function misbehave(c: Cluster): void {
  c.emulator.setMailboxLimits({ concurrency: 0 });
  c.emulator.seedFaults(7);
  const graph = ['messages', 'send', 'sendMail', 'getMessage', 'listMessages'] as const;
  c.emulator.injectFault({ endpoint: [...graph], probability: 0.1, graphError: 'ServiceUnavailable' });
  c.emulator.injectFault({ endpoint: [...graph], probability: 0.025, graphError: 'TooManyRequests', retryAfter: '0.2' });
  c.emulator.injectFault({ endpoint: [...graph], probability: 0.025, graphError: 'TooManyRequests', retryAfter: null });
  c.emulator.injectFault({ endpoint: [...graph], probability: 0.02, drop: 'before' });
  c.emulator.injectFault({ endpoint: ['send'], probability: 0.05, drop: 'after' });
}

async function linkAll(c: Cluster): Promise<string[]> {
  c.emulator.createUser({ email: 'rcpt@cluster.example', tenantId: c.tenantId });
  const ids: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) ids.push(await c.linkedAccount(`box${i}@cluster.example`));
  for (const id of ids) await c.api(0, 'PATCH', `/api/v1/accounts/${id}`, { limits: { perMinute: 1000, concurrency: 4 } });
  return ids;
}

/** Posts every message (20 at a time, spread over the instances given); each is owned once 202. */
async function postAll(c: Cluster, accounts: string[], through: () => number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 20 }, async () => {
    while (next < MESSAGES) {
      const n = next++;
      const r = await c.api(through(), 'POST', `/api/v1/accounts/${accounts[n % ACCOUNTS]}/messages`, { to: 'rcpt@cluster.example', subject: `chaos ${n}`, text: 'x', headers: { [MARKER]: `m${n}` } });
      if (r.status !== 202) throw new Error(`post ${n}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }));
}

const acceptedSoFar = (c: Cluster) => Object.keys(c.emulator.acceptedCounts()).length;

const until = (what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 150_000) => waitUntil(what, cond, timeoutMs);

/** Every message accepted by "Microsoft" exactly once, and the outbox agrees; no stray draft. */
async function expectExactlyOnce(c: Cluster, i: number, accounts: string[]): Promise<void> {
  await until('every message accepted', () => acceptedSoFar(c) >= MESSAGES);
  const counts = c.emulator.acceptedCounts();
  expect(Object.keys(counts)).toHaveLength(MESSAGES);
  expect(Object.entries(counts).filter(([, n]) => n !== 1)).toEqual([]);
  let accepted = 0;
  await until('the outbox to agree', async () => {
    accepted = 0;
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: { status: number; body: { items: Array<{ status: string }>; nextCursor: string | null } } = await c.api(i, 'GET', `/api/v1/outbox?limit=100&cursor=${cursor}`);
      accepted += page.body.items.filter((m) => m.status === 'accepted').length;
      cursor = page.body.nextCursor;
    }
    return accepted === MESSAGES;
  }, 30_000);
  for (let n = 0; n < ACCOUNTS; n++) expect(c.emulator.mailbox(`box${n}@cluster.example`).drafts).toEqual([]);
  // Every kind of misbehaviour really happened.
  for (const f of c.emulator.faults()) expect(f.fired, JSON.stringify(f.spec)).toBeGreaterThan(0);
  expect(accounts).toHaveLength(ACCOUNTS);
}

/**
 * Issue 7 §5, chaos: 2,000 messages over 20 mailboxes while Microsoft fails in every way it
 * does, and the delivering process is killed with SIGKILL twice (SQLite) or one of three
 * instances is (PostgreSQL). Nothing lost, nothing sent twice.
 */
describe('chaos', () => {
  let c: Cluster | undefined;
  afterAll(() => c?.close());

  it('SQLite, one process SIGKILLed twice and restarted: every message accepted exactly once', async () => {
    c = await startCluster({ count: 1, env: FAST });
    const accounts = await linkAll(c);
    misbehave(c);
    await postAll(c, accounts, () => 0);
    for (const share of [0.3, 0.6]) {
      await until(`${share * 100}% accepted`, () => acceptedSoFar(c!) >= MESSAGES * share);
      await c.kill(0, 'SIGKILL');
      await c.start(0);
    }
    await expectExactlyOnce(c, 0, accounts);
    await c.close();
    c = undefined;
  }, 170_000);

  it('PostgreSQL, three instances sharing the outbox, one SIGKILLed: every message accepted exactly once', async () => {
    const pg = freshPostgres();
    try {
      const { databaseUrl } = await pg.options();
      c = await startCluster({ count: 3, databaseUrl: databaseUrl!, env: FAST });
      const accounts = await linkAll(c);
      misbehave(c);
      let turn = 0;
      await postAll(c, accounts, () => turn++ % 3);
      await until('30% accepted', () => acceptedSoFar(c!) >= MESSAGES * 0.3);
      await c.kill(1, 'SIGKILL');
      await expectExactlyOnce(c, 0, accounts);
      await c.close();
      c = undefined;
    } finally {
      await pg.cleanup();
    }
  }, 170_000);
});
