import { beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../core/outbox/outbox-message.js';
import type { Store } from '../core/ports.js';
import { backends, PG_ADMIN_URL, postgresReachable } from './testing/store-backends.js';
import { useStore } from './testing/use-store.js';
import { id, seedAccount } from './testing/store-fixtures.js';

const hasPostgres = await postgresReachable();
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function makeMessage(accountId: string, userId: string, over: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: id('msg'), accountId, userId, status: 'queued',
    content: { kind: 'message', message: { to: [{ address: 'bob@contoso.test', name: 'Bob' }], cc: [], bcc: [], replyTo: [], subject: 'Invoice', text: 'secret body text', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', inline: false, fileId: id('file'), size: 8, sha256: 'ab'.repeat(32) }], headers: { 'X-Ref': '1' } } },
    recipientCount: 1, internetMessageId: `<${id('m')}@contoso.test>`, guarantee: null, attempts: 0,
    dueAt: T0, nextAttemptAt: T0, createdAt: T0, updatedAt: T0, acceptedAt: null, lastDiagnosis: null, held: false,
    leaseOwner: null, leaseExpiresAt: null, draftId: null, sendStartedAt: null, upload: null, idempotencyKey: null, requestHash: null, origin: null,
    ...over,
  };
}

/** The outbox's storage contract (migration 0008) on both engines. */
describe.each(backends(hasPostgres))('Outbox storage on $name', (backend) => {
  let store: Store;
  const opened = useStore(backend);
  beforeAll(() => void ({ store } = opened));
  const test = it.skipIf(!backend.available);
  const linked = () => seedAccount(store, { status: 'linked' });

  test('a message and its content round-trip; the content is a vault envelope at rest', async () => {
    const a = await linked();
    const m = makeMessage(a.id, a.userId);
    expect(await store.outbox.insert(m)).toBe('inserted');
    const back = await store.outbox.get(m.id);
    expect(back).toEqual(m);
    expect((await store.outbox.get(m.id, { withContent: false }))?.content).toBeNull();
    const raw = (await opened.raw.selectFrom('outbox').select('payload').where('id', '=', m.id).executeTakeFirstOrThrow()).payload!;
    expect(raw.startsWith('v1:')).toBe(true);
    expect(raw).not.toContain('secret body text');
  });

  test('one idempotency key per user and account', async () => {
    const a = await linked();
    const first = makeMessage(a.id, a.userId, { idempotencyKey: 'k-1', requestHash: 'h' });
    expect(await store.outbox.insert(first)).toBe('inserted');
    expect(await store.outbox.insert(makeMessage(a.id, a.userId, { idempotencyKey: 'k-1' }))).toBe('duplicate');
    expect((await store.outbox.findByIdempotencyKey(a.userId, a.id, 'k-1'))?.id).toBe(first.id);
    expect(await store.outbox.insert(makeMessage(a.id, a.userId))).toBe('inserted'); // no key: never a duplicate
    expect(await store.outbox.insert(makeMessage(a.id, a.userId))).toBe('inserted');
  });

  test('updates are conditional on status and lease owner', async () => {
    const a = await linked();
    const m = makeMessage(a.id, a.userId);
    await store.outbox.insert(m);
    expect(await store.outbox.update(m.id, { status: 'cancelled' }, { statuses: ['sending'] })).toBe(false);
    await store.outbox.claim([m.id], 'me', at(1), at(31));
    expect(await store.outbox.update(m.id, { status: 'accepted' }, { statuses: ['sending'], leaseOwner: 'other' })).toBe(false);
    expect(await store.outbox.update(m.id, { status: 'accepted' }, { statuses: ['sending'], leaseOwner: 'me' })).toBe(true);
    expect((await store.outbox.get(m.id))?.attempts).toBe(1);
  });

  test('due accounts and claimable messages: time order, held and unlinked skipped, expired leases taken over', async () => {
    const a = await linked();
    const unlinked = await seedAccount(store, { status: 'reconnect_needed' });
    const early = makeMessage(a.id, a.userId, { nextAttemptAt: at(-10) });
    const later = makeMessage(a.id, a.userId, { nextAttemptAt: at(5) });
    const held = makeMessage(a.id, a.userId, { held: true });
    for (const m of [early, later, held, makeMessage(unlinked.id, unlinked.userId)]) await store.outbox.insert(m);
    expect(await store.outbox.dueAccounts(T0, 100)).toContain(a.id);
    expect(await store.outbox.dueAccounts(T0, 100)).not.toContain(unlinked.id);
    expect((await store.outbox.claimable(a.id, T0, 10)).map((c) => c.id)).toEqual([early.id]);
    await store.outbox.claim([early.id], 'w1', T0, at(30));
    expect(await store.outbox.countSending(a.id, at(1))).toBe(1);
    expect((await store.outbox.claimable(a.id, at(10), 10)).map((c) => c.id)).toEqual([later.id]);
    // The lease ran out (its holder died): the message is due again.
    expect((await store.outbox.claimable(a.id, at(31), 10)).map((c) => c.id)).toEqual([early.id, later.id]);
    expect(await store.outbox.countSending(a.id, at(31))).toBe(0);
  });

  test('hold and release an account’s waiting messages', async () => {
    const a = await linked();
    const m = makeMessage(a.id, a.userId, { status: 'retrying' });
    await store.outbox.insert(m);
    const problem = { diagnosis: 'grant_revoked' as const, message: 'revoked', at: T0.toISOString() };
    expect(await store.outbox.hold(a.id, problem, at(1))).toBe(1);
    expect(await store.outbox.get(m.id, { withContent: false })).toMatchObject({ status: 'queued', held: true, lastDiagnosis: problem });
    expect(await store.outbox.release(a.id, at(2))).toBe(1);
    expect(await store.outbox.get(m.id, { withContent: false })).toMatchObject({ held: false, nextAttemptAt: at(2) });
  });

  test('newest-first pages, by account, owner and status', async () => {
    const a = await linked();
    const ms = Array.from({ length: 5 }, (_, i) => makeMessage(a.id, a.userId, { createdAt: at(i), status: i % 2 ? 'accepted' : 'queued' }));
    for (const m of ms) await store.outbox.insert(m);
    const first = await store.outbox.listPage({ accountId: a.id }, { limit: 2 });
    expect(first.items.map((m) => m.id)).toEqual([ms[4]!.id, ms[3]!.id]);
    expect(first.more).toBe(true);
    const second = await store.outbox.listPage({ accountId: a.id }, { limit: 2, after: first.items[1]! });
    expect(second.items.map((m) => m.id)).toEqual([ms[2]!.id, ms[1]!.id]);
    expect((await store.outbox.listPage({ ownerUserId: a.userId, status: 'accepted' }, { limit: 10 })).items.map((m) => m.id)).toEqual([ms[3]!.id, ms[1]!.id]);
  });

  test('events are numbered 1, 2, 3… per account, also when appended concurrently', async () => {
    const a = await linked();
    const b = await linked();
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      store.transaction((tx) => tx.events.append({ type: 'message.queued', accountId: i % 2 ? a.id : b.id, messageId: `m${i}`, data: { i }, at: T0 }))));
    const seqs = (await store.events.listForAccount(a.id, 0, 100)).map((e) => e.sequence);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect((await store.events.listForMessage('m1'))[0]).toMatchObject({ accountId: a.id, type: 'message.queued', data: { i: 1 } });
  });

  test('a transaction commits everything or nothing', async () => {
    const a = await linked();
    const m = makeMessage(a.id, a.userId);
    await expect(store.transaction(async (tx) => {
      await tx.outbox.insert(m);
      await tx.events.append({ type: 'message.queued', accountId: a.id, messageId: m.id, data: {}, at: T0 });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await store.outbox.get(m.id)).toBeNull();
    expect(await store.events.listForMessage(m.id)).toEqual([]);
  });

  test('leases: one holder at a time, taken over once expired, released by their owner only', async () => {
    const name = id('lease');
    expect(await store.leases.acquire(name, 'a', at(30), T0)).toBe(true);
    expect(await store.leases.acquire(name, 'b', at(40), at(10))).toBe(false);
    expect(await store.leases.holder(name, at(10))).toBe('a');
    await store.leases.release(name, 'b');
    expect(await store.leases.holder(name, at(10))).toBe('a');
    expect(await store.leases.acquire(name, 'b', at(60), at(31))).toBe(true);
    const racers = await Promise.all(['c', 'd', 'e', 'f'].map((o) => store.leases.acquire(`${name}-race`, o, at(30), T0)));
    expect(racers.filter(Boolean)).toHaveLength(1);
  });

  test('leases: the live ones under a prefix, its own wildcards taken literally', async () => {
    const prefix = `${id('live')}_%:`;
    await store.leases.acquire(`${prefix}a`, 'a', at(30), T0);
    await store.leases.acquire(`${prefix}b`, 'b', at(5), T0);
    await store.leases.acquire(`${prefix.replace('_%', 'xy')}c`, 'c', at(30), T0);
    expect(await store.leases.live(prefix, at(10))).toEqual([{ name: `${prefix}a`, owner: 'a' }]);
  });

  test('send attempts: the rolling minute and day', async () => {
    const a = await linked();
    await store.sendAttempts.record(a.id, at(-90_000), 50); // more than a day ago: forgotten
    await store.sendAttempts.record(a.id, at(-120), 3);
    await store.sendAttempts.record(a.id, at(-62), 2); // within the minute and its margin
    await store.sendAttempts.record(a.id, at(-10), 1);
    expect(await store.sendAttempts.usage(a.id, T0)).toEqual({ lastMinute: 2, recipientsLastDay: 6, oldestInMinute: at(-62) });
  });
});
