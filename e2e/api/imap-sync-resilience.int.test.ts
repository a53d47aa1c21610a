import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dovecot } from '../support/dovecot.js';
import { startImapReadingWorld, type ImapReadingWorld } from '../support/imap-reading-world.js';
import type { TcpProxy } from '../support/tcp-proxy.js';
import type { startReceiver } from '../support/webhook-receiver.js';
import type { ApiResponse, Stack } from '../support/stack.js';
import { until as waitUntil } from '../support/until.js';

const MEGAN = 'megan@contoso.example';
const LIVENESS_SECONDS = 3;
/** Issue 11's figures: the messages that arrive while the connection is down, and the time to be back. */
const WHILE_DOWN = 100;
const RECOVERY_MS = 120_000;

const messageId = (n: string) => `<${n}@elsewhere.example>`;
const mime = (n: string) =>
  [`From: Adele <adele@elsewhere.example>`, `To: ${MEGAN}`, `Subject: note ${n}`, `Message-ID: ${messageId(n)}`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', `body of ${n}`, ''].join('\r\n');
/** `tag-0` … `tag-99`: the names of the messages one scenario delivers while the connection is down. */
const names = (tag: string) => Array.from({ length: WHILE_DOWN }, (_, i) => `${tag}-${i}`);

const until = (what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 120_000) => waitUntil(what, cond, timeoutMs);

/** How many times each value occurs. */
const tally = (values: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
};

/**
 * Issue 11, the IMAP sync through real failures, on the path production takes (Dovecot cut down
 * to Exchange Online's capabilities: no CONDSTORE, no QRESYNC): the first sync raises nothing;
 * new mail while idling raises one `message.received` each; a silent drop (a proxy that stops
 * forwarding without closing) and a Dovecot restart during IDLE are each noticed and recovered
 * within 2 minutes, and the 100 messages that arrived meanwhile all appear once, with one event each.
 */
describe('IMAP sync: new mail, silent drop, server restart', () => {
  let s: Stack;
  let dovecot: Dovecot;
  let proxy: TcpProxy;
  let accountId: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** The events received, a redelivery (same webhook-id) once. */
  const events = () => new Map(receiver.received.map((r) => [r.id, r.body]));
  /** How many `message.received` events so far are for the `wanted` messages. */
  const eventsFor = (wanted: readonly string[]) => {
    const ids = new Set(wanted.map(messageId));
    return [...events().values()].filter((b) => ids.has(b.data.internetMessageId as string)).length;
  };
  const inboxId = async () => (await s.mb.store.mailboxFolders.list(accountId)).find((f) => f.role === 'inbox')?.id;
  const inboxCount = async () => {
    const inbox = await inboxId();
    return inbox ? ((await s.mb.store.mailboxMessages.countByFolder(accountId)).get(inbox)?.total ?? 0) : 0;
  };
  const state = async () => (await s.api('GET', `/api/v1/accounts/${accountId}/mailbox`)).body;
  /** The inbox as the API lists it, every page. */
  const inboxList = async () => {
    const items: Array<{ id: string; subject: string }> = [];
    let cursor: string | null = null;
    do {
      const r: ApiResponse<{ items: { id: string; subject: string }[]; nextCursor: string | null }> = await s.api('GET', `/api/v1/accounts/${accountId}/mailbox/messages?folder=inbox&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      items.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor);
    return items;
  };

  /**
   * Back within the bound from `since`: synced again, the `wanted` messages stored and each with
   * its `message.received`. Then, a moment later (for a late duplicate to show), each of them is
   * in the inbox exactly once (by subject in the API's list, by Message-ID in the store) and has
   * exactly one event (by internetMessageId; a redelivery of one event, same webhook-id, counts
   * once); the inbox holds `inboxTotal` messages, no subject twice; `eventTotal` events in all.
   */
  async function recoveredOnce(since: number, wanted: readonly string[], totals: { inboxTotal: number; eventTotal: number }): Promise<void> {
    await until(
      `the ${wanted.length} messages and their events`,
      async () => eventsFor(wanted) >= wanted.length && (await inboxCount()) >= totals.inboxTotal && (await state()).status === 'synced',
      Math.max(0, since + RECOVERY_MS - Date.now()),
    );
    expect(Date.now() - since).toBeLessThan(RECOVERY_MS);
    await new Promise((r) => setTimeout(r, 2_000));

    const listed = await inboxList();
    const bySubject = tally(listed.map((m) => m.subject));
    expect(wanted.filter((n) => bySubject.get(`note ${n}`) !== 1).map((n) => `${n} listed ${bySubject.get(`note ${n}`) ?? 0} times`)).toEqual([]);
    expect([...bySubject].filter(([, count]) => count > 1)).toEqual([]);
    expect(listed.length).toBe(totals.inboxTotal);
    const inbox = await inboxId();
    const stored = await Promise.all(wanted.map(async (n) => ({ n, copies: await s.mb.store.mailboxMessages.findByInternetMessageId(accountId, messageId(n)) })));
    expect(stored.filter(({ copies }) => copies.length !== 1 || copies[0]!.folderId !== inbox).map(({ n, copies }) => `${n}: ${copies.length} stored`)).toEqual([]);

    const all = [...events().values()];
    expect(all.every((b) => b.type === 'message.received')).toBe(true);
    const perMessage = tally(all.map((b) => String(b.data.internetMessageId)));
    expect(wanted.filter((n) => perMessage.get(messageId(n)) !== 1).map((n) => `${n}: ${perMessage.get(messageId(n)) ?? 0} events`)).toEqual([]);
    expect([...perMessage].filter(([, count]) => count > 1)).toEqual([]);
    expect(all.length).toBe(totals.eventTotal);
    expect((await state()).status).toBe('synced');
  }

  let world: ImapReadingWorld;
  beforeAll(async () => {
    world = await startImapReadingWorld({ email: MEGAN, livenessSeconds: LIVENESS_SECONDS, proxy: true });
    ({ s, dovecot, receiver, accountId } = world);
    proxy = world.proxy!;
    for (let i = 0; i < 20; i++) await dovecot.deliver(MEGAN, mime(`old-${i}`));
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('first sync: progress to synced, the mail already there raises no event', async () => {
    expect((await s.api('PUT', `/api/v1/accounts/${accountId}/mailbox`, { reading: true })).status).toBe(200);
    await until('synced', async () => (await state()).status === 'synced', 60_000);
    expect(await state()).toMatchObject({ reading: true, status: 'synced', done: 20, total: 20 });
    expect(await inboxCount()).toBe(20);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received).toEqual([]);
  });

  it('new mail while idling: one message.received each, as it arrives', async () => {
    for (let i = 0; i < 5; i++) await dovecot.deliver(MEGAN, mime(`live-${i}`));
    await until('5 events', () => events().size >= 5, 30_000);
    expect([...events().values()].map((b) => b.data.internetMessageId).sort()).toEqual([0, 1, 2, 3, 4].map((i) => messageId(`live-${i}`)));
  });

  it(`a silent drop is noticed and recovered within 2 minutes; the ${WHILE_DOWN} messages that arrived meanwhile appear once each, one event each`, async () => {
    const dropped = names('drop');
    proxy.drop();
    const droppedAt = Date.now();
    for (const n of dropped) await dovecot.deliver(MEGAN, mime(n));
    await until('the drop noticed', async () => (await state()).status === 'reconnecting', RECOVERY_MS);
    expect(Date.now() - droppedAt).toBeLessThan(RECOVERY_MS);
    // Nothing got through while the connection was silent.
    expect(eventsFor(dropped)).toBe(0);
    proxy.resume();
    await recoveredOnce(droppedAt, dropped, { inboxTotal: 25 + WHILE_DOWN, eventTotal: 5 + WHILE_DOWN });
  }, 150_000);

  it(`Dovecot restarted during IDLE: reconnects within 2 minutes, and the ${WHILE_DOWN} messages delivered while it was down appear once each, one event each`, async () => {
    const whileDown = names('down');
    const restartedAt = Date.now();
    await dovecot.restart(async () => {
      for (const n of whileDown) await dovecot.deliver(MEGAN, mime(n));
    });
    await recoveredOnce(restartedAt, whileDown, { inboxTotal: 25 + 2 * WHILE_DOWN, eventTotal: 5 + 2 * WHILE_DOWN });
    expect([...events().values()].filter((b) => String(b.data.internetMessageId).startsWith('<old-'))).toEqual([]);
  }, 150_000);
});
