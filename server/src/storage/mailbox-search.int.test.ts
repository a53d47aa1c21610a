import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports.js';
import { backends, PG_ADMIN_URL, postgresReachable } from './testing/store-backends.js';
import { useStore } from './testing/use-store.js';
import { folderListing, makeIncoming, sec, seedMailbox, T0 } from './testing/mailbox-fixtures.js';

const hasPostgres = await postgresReachable();
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

const HOSTILE = ['"', '""', '*', 'OR', 'AND', 'NOT', 'NEAR(', 'NEAR(a b)', 'subject:', ':', '-', '- -factura', "'", "''; drop table mail_messages; --", '\\', '(', ')', '{', '^', '&', '|', '!', '<->', ':*', '\u0301', '\u0903', '%', '_', '\0', 'a'.repeat(200)];

/** The full-text search over subject, sender and snippet (SQLite FTS5, PostgreSQL tsvector) on both engines. */
describe.each(backends(hasPostgres))('Mailbox search on $name', (backend) => {
  let store: Store;
  const opened = useStore(backend);
  beforeAll(() => void ({ store } = opened));
  const test = it.skipIf(!backend.available);
  let accountId = '';
  let inboxId = '';

  const search = async (q: string, over: { folderId?: string; unread?: boolean } = {}) =>
    (await store.mailboxMessages.listPage(accountId, { q, ...over }, { limit: 50 })).items.map((m) => m.subject).sort();

  beforeAll(async () => {
    if (!backend.available) return;
    const { account, inbox } = await seedMailbox(store);
    accountId = account.id;
    inboxId = inbox.id;
    await store.mailboxMessages.upsert(account.id, inbox.id, [
      makeIncoming({ subject: 'Factura de marzo', snippet: 'Adjuntamos la Información solicitada', from: { address: 'cobros@empresa.es', name: 'Cobros' }, date: sec(1) }),
      makeIncoming({ subject: '회의 일정', snippet: '다음 주 회의는 월요일입니다', from: { address: 'kim@example.kr', name: '김민준' }, date: sec(2) }),
      makeIncoming({ subject: 'Tiếng Việt', snippet: 'Xin chào, đây là thư', from: { address: 'lan@example.vn', name: 'Nguyễn Lan' }, date: sec(3), unread: false }),
      makeIncoming({ subject: 'Weekly report', snippet: 'Numbers attached', from: { address: 'o.brien@contoso.test', name: "Seán O'Brien" }, date: sec(4) }),
      makeIncoming({ subject: 'OR NEAR and NOT', snippet: 'operators as words', from: null, date: sec(5) }),
    ], T0);
  });

  test('finds words in subject, sender name and address, and snippet, as prefixes', async () => {
    expect(await search('factura')).toEqual(['Factura de marzo']);
    expect(await search('FACT')).toEqual(['Factura de marzo']);
    expect(await search('cobros')).toEqual(['Factura de marzo']);
    expect(await search('empresa.es')).toEqual(['Factura de marzo']);
    expect(await search('cobros@empresa.es')).toEqual(['Factura de marzo']);
    expect(await search('report numbers')).toEqual(['Weekly report']);
    expect(await search('report factura')).toEqual([]);
    expect(await search('missing')).toEqual([]);
    expect(await search('factura', { unread: false })).toEqual([]);
    expect(await search('factura', { folderId: inboxId })).toEqual(['Factura de marzo']);
  });

  test('in every language: accents fold, Korean and Vietnamese words match', async () => {
    expect(await search('Información')).toEqual(['Factura de marzo']);
    expect(await search('informacion')).toEqual(['Factura de marzo']);
    expect(await search('INFORMACIÓN')).toEqual(['Factura de marzo']);
    expect(await search('회의')).toEqual(['회의 일정']);
    expect(await search('월요일입니다')).toEqual(['회의 일정']);
    expect(await search('김민준')).toEqual(['회의 일정']);
    expect(await search('Việt')).toEqual(['Tiếng Việt']);
    expect(await search('viet nguyen')).toEqual(['Tiếng Việt']);
    expect(await search('đây')).toEqual(['Tiếng Việt']);
    expect(await search('sean o\'brien')).toEqual(['Weekly report']);
  });

  test('operators are words, and hostile queries never fail', async () => {
    expect(await search('OR NEAR')).toEqual(['OR NEAR and NOT']);
    expect(await search('"or" near(')).toEqual(['OR NEAR and NOT']);
    for (const q of HOSTILE) await expect(search(q), q).resolves.toBeInstanceOf(Array);
    // Only punctuation: no words, so nothing (rather than everything or an error).
    for (const q of ['"', '*', ':', '-', '()', "'", '\\']) expect(await search(q), q).toEqual([]);
    expect((await store.mailboxMessages.listPage(accountId, {}, { limit: 50 })).items).toHaveLength(5);
  });

  test('the index follows updates and deletions', async () => {
    const [folder] = await store.mailboxFolders.upsert(accountId, [folderListing('Drafts', { role: 'drafts' })], T0);
    const draft = makeIncoming({ remoteId: 'draft-1', subject: 'Borrador inicial', date: sec(6) });
    await store.mailboxMessages.upsert(accountId, folder!.id, [draft], T0);
    expect(await search('borrador')).toEqual(['Borrador inicial']);
    await store.mailboxMessages.upsert(accountId, folder!.id, [{ ...draft, subject: 'Propuesta final' }], sec(1));
    expect(await search('borrador')).toEqual([]);
    expect(await search('propuesta')).toEqual(['Propuesta final']);
    await store.mailboxMessages.deleteInFolder(folder!.id);
    expect(await search('propuesta')).toEqual([]);
  });
});
