import { beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../core/mailbox/mail-message.js';
import type { PageKey, Store } from '../core/ports.js';
import { backends, PG_ADMIN_URL, postgresReachable } from './testing/store-backends.js';
import { useStore } from './testing/use-store.js';
import { folderListing, makeIncoming, sec, seedMailbox, T0 } from './testing/mailbox-fixtures.js';

const hasPostgres = await postgresReachable();
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

const keyOf = (m: MailMessage): PageKey => ({ createdAt: m.date, id: m.id });

/** Message envelopes (migration 0013) on both engines: idempotent upserts, keyset paging, filters, changes. */
describe.each(backends(hasPostgres))('Mailbox messages on $name', (backend) => {
  let store: Store;
  const opened = useStore(backend);
  beforeAll(() => void ({ store } = opened));
  const test = it.skipIf(!backend.available);

  /** Every page of a listing, walked with the cursor. */
  const walk = async (accountId: string, filter: Parameters<Store['mailboxMessages']['listPage']>[1] = {}, limit = 100) => {
    const seen: MailMessage[] = [];
    let after: PageKey | undefined;
    for (;;) {
      const page = await store.mailboxMessages.listPage(accountId, filter, { after, limit });
      seen.push(...page.items);
      if (!page.more) return seen;
      after = keyOf(page.items.at(-1)!);
    }
  };

  test('upserts are idempotent by (folder, remote id): known messages keep their id and take the new flags', async () => {
    const { account, inbox } = await seedMailbox(store);
    const batch = [makeIncoming({ remoteId: '1' }), makeIncoming({ remoteId: '2', from: null, cc: [{ address: 'c@x.test', name: 'C' }] }), makeIncoming({ remoteId: '3' })];
    const first = await store.mailboxMessages.upsert(account.id, inbox.id, batch, T0);
    expect(first.map((r) => [r.remoteId, r.created])).toEqual([['1', true], ['2', true], ['3', true]]);
    expect(new Set(first.map((r) => r.id)).size).toBe(3);
    for (const r of first) expect(r.id.length).toBeLessThanOrEqual(64);

    const again = await store.mailboxMessages.upsert(account.id, inbox.id, [{ ...batch[1]!, unread: false, flagged: true }, makeIncoming({ remoteId: '4' }), { ...batch[1]!, unread: false, flagged: true }], sec(5));
    expect(again.map((r) => [r.remoteId, r.created])).toEqual([['2', false], ['4', true]]);
    expect(again[0]!.id).toBe(first[1]!.id);

    const stored = await store.mailboxMessages.get({ folderId: inbox.id, remoteId: '2' });
    expect(stored).toEqual({ ...batch[1], id: first[1]!.id, accountId: account.id, folderId: inbox.id, unread: false, flagged: true, createdAt: T0, updatedAt: sec(5) });
    expect(await store.mailboxMessages.get({ id: first[0]!.id })).toMatchObject({ remoteId: '1', from: { address: 'ana@contoso.test', name: 'Ana' }, to: [{ address: 'bo@contoso.test' }] });
    expect((await walk(account.id)).length).toBe(4);

    // The same remote id in another folder is another message.
    const [other] = await store.mailboxFolders.upsert(account.id, [folderListing('Archive')], T0);
    expect((await store.mailboxMessages.upsert(account.id, other!.id, [batch[0]!], T0))[0]!.created).toBe(true);
    expect(await store.mailboxMessages.findByInternetMessageId(account.id, batch[0]!.internetMessageId!)).toHaveLength(2);
  });

  test('a NUL in a decoded subject or name is stored as U+FFFD, and does not fail its batch', async () => {
    const { account, inbox } = await seedMailbox(store);
    const written = await store.mailboxMessages.upsert(account.id, inbox.id, [
      makeIncoming({ remoteId: 'nul-1', subject: 'Hello\u0000World', from: { address: 'ann@example.com', name: 'A\u0000nn' }, snippet: 'x\u0000y' }),
      makeIncoming({ remoteId: 'nul-2', subject: 'Innocent' }),
    ], T0);
    expect(written.map((w) => w.created)).toEqual([true, true]);
    const stored = await store.mailboxMessages.get({ folderId: inbox.id, remoteId: 'nul-1' });
    expect(stored).toMatchObject({ subject: 'Hello\uFFFDWorld', from: { name: 'A\uFFFDnn' }, snippet: 'x\uFFFDy' });
    const [folder] = await store.mailboxFolders.upsert(account.id, [folderListing('nul-folder', { name: 'Bad\u0000Name', path: 'Bad\u0000Name' })], T0);
    expect(folder!.name).toBe('Bad\uFFFDName');
  });

  test('pages newest first by (date, id), stable while mail arrives', async () => {
    const { account, inbox } = await seedMailbox(store);
    // 30 messages over 10 distinct dates: ties are broken by id.
    const dated = Array.from({ length: 30 }, (_, i) => makeIncoming({ date: sec(100 + (i % 10)) }));
    await store.mailboxMessages.upsert(account.id, inbox.id, dated, T0);
    const all = await walk(account.id);
    const sorted = [...all].sort((a, b) => b.date.getTime() - a.date.getTime() || (a.id < b.id ? 1 : -1));
    expect(all.map((m) => m.id)).toEqual(sorted.map((m) => m.id));

    const seen: MailMessage[] = [];
    let after: PageKey | undefined;
    for (let n = 0; ; n++) {
      const page = await store.mailboxMessages.listPage(account.id, {}, { after, limit: 7 });
      seen.push(...page.items);
      // New mail (newer) and a late-synced copy of an old date arrive between pages.
      await store.mailboxMessages.upsert(account.id, inbox.id, [makeIncoming({ date: sec(1000 + n) })], T0);
      if (!page.more) break;
      after = keyOf(page.items.at(-1)!);
    }
    expect(seen.map((m) => m.id)).toEqual(all.map((m) => m.id));
  });

  test('filters: folder, unread, flagged, from, since and before, alone and together', async () => {
    const { account, inbox } = await seedMailbox(store);
    const [sent] = await store.mailboxFolders.upsert(account.id, [folderListing('Sent', { role: 'sent' })], T0);
    const put = (folderId: string, over: Parameters<typeof makeIncoming>[0]) => store.mailboxMessages.upsert(account.id, folderId, [makeIncoming(over)], T0);
    await put(inbox.id, { subject: 'a', unread: true, flagged: false, date: sec(1), from: { address: 'Eve@Contoso.test' } });
    await put(inbox.id, { subject: 'b', unread: false, flagged: true, date: sec(2) });
    await put(inbox.id, { subject: 'c', unread: true, flagged: true, date: sec(3), from: { address: 'eve@contoso.test', name: 'Eve' } });
    await put(sent!.id, { subject: 'd', unread: false, flagged: false, date: sec(4), from: null });
    const subjects = async (filter: Parameters<Store['mailboxMessages']['listPage']>[1]) => (await walk(account.id, filter)).map((m) => m.subject);

    expect(await subjects({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await subjects({ folderId: inbox.id })).toEqual(['c', 'b', 'a']);
    expect(await subjects({ folderId: sent!.id })).toEqual(['d']);
    expect(await subjects({ unread: true })).toEqual(['c', 'a']);
    expect(await subjects({ unread: false })).toEqual(['d', 'b']);
    expect(await subjects({ flagged: true })).toEqual(['c', 'b']);
    expect(await subjects({ flagged: false, folderId: inbox.id })).toEqual(['a']);
    expect(await subjects({ from: 'EVE@contoso.TEST' })).toEqual(['c', 'a']);
    expect(await subjects({ from: 'nobody@contoso.test' })).toEqual([]);
    expect(await subjects({ since: sec(2) })).toEqual(['d', 'c', 'b']);
    expect(await subjects({ before: sec(2) })).toEqual(['a']);
    expect(await subjects({ since: sec(2), before: sec(4), unread: true, flagged: true, folderId: inbox.id })).toEqual(['c']);
    // Another account's messages never show.
    const other = await seedMailbox(store);
    expect((await walk(other.account.id)).length).toBe(0);
  });

  test('flags, moves, deletions and counts', async () => {
    const { account, inbox } = await seedMailbox(store);
    const [archive] = await store.mailboxFolders.upsert(account.id, [folderListing('Archive', { role: 'archive' })], T0);
    const ids = await store.mailboxMessages.upsert(account.id, inbox.id, [1, 2, 3, 4].map((n) => makeIncoming({ remoteId: String(n), date: sec(n), unread: n % 2 === 0 })), T0);
    const [m1, m2, m3] = ids.map((r) => r.id);

    expect(await store.mailboxMessages.setFlags({ id: m1! }, { flagged: true }, sec(10))).toBe(true);
    expect(await store.mailboxMessages.setFlags({ folderId: inbox.id, remoteId: '2' }, { unread: false }, sec(10))).toBe(true);
    expect(await store.mailboxMessages.setFlags({ id: 'nope' }, { unread: false }, sec(10))).toBe(false);
    expect(await store.mailboxMessages.get({ id: m1! })).toMatchObject({ flagged: true, unread: false, updatedAt: sec(10) });
    expect(await store.mailboxMessages.listRemote(inbox.id, 3)).toEqual([
      { id: ids[3]!.id, remoteId: '4', unread: true, flagged: false },
      { id: m3, remoteId: '3', unread: false, flagged: false },
      { id: m2, remoteId: '2', unread: false, flagged: false },
    ]);

    // The sync already stored the moved copy under its new UID: the moved message keeps its id.
    await store.mailboxMessages.upsert(account.id, archive!.id, [makeIncoming({ remoteId: '70' })], T0);
    expect(await store.mailboxMessages.move(m3!, archive!.id, '70', sec(11))).toBe(true);
    expect(await store.mailboxMessages.get({ folderId: archive!.id, remoteId: '70' })).toMatchObject({ id: m3, folderId: archive!.id });
    expect(await store.mailboxMessages.move('gone', archive!.id, '71', sec(11))).toBe(false);

    expect(Object.fromEntries(await store.mailboxMessages.countByFolder(account.id))).toEqual({ [inbox.id]: { total: 3, unread: 1 }, [archive!.id]: { total: 1, unread: 0 } });
    expect(Object.fromEntries(await store.mailboxMessages.countByFolder(account.id, [archive!.id]))).toEqual({ [archive!.id]: { total: 1, unread: 0 } });
    expect(await store.mailboxMessages.countByFolder(account.id, [])).toEqual(new Map());
    await store.mailboxFolders.setCounts(inbox.id, { unread: 1, total: 3 }, sec(12));
    expect(await store.mailboxFolders.get(account.id, inbox.id)).toMatchObject({ unread: 1, total: 3 });

    expect(await store.mailboxMessages.deleteByRemoteIds(inbox.id, ['1', '1', '99'])).toBe(1);
    expect(await store.mailboxMessages.deleteInFolder(inbox.id)).toBe(2);
    expect((await walk(account.id)).map((m) => m.id)).toEqual([m3]);
  });
});
