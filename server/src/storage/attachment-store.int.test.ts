import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_CHUNK_BYTES } from '../core/attachments/attachment-limits.js';
import type { OutboxMessage, OutboxStatus } from '../core/outbox/outbox-message.js';
import type { Store } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import { backends, PG_ADMIN_URL, postgresReachable } from './testing/store-backends.js';
import { useStore } from './testing/use-store.js';
import { id, seedAccount } from './testing/store-fixtures.js';

const hasPostgres = await postgresReachable();
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function makeMessage(accountId: string, userId: string, over: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: id('msg'), accountId, userId, status: 'queued', content: null,
    recipientCount: 1, internetMessageId: `<${id('m')}@contoso.test>`, guarantee: null, attempts: 0,
    dueAt: T0, nextAttemptAt: T0, createdAt: T0, updatedAt: T0, acceptedAt: null, lastDiagnosis: null, held: false,
    leaseOwner: null, leaseExpiresAt: null, draftId: null, sendStartedAt: null, upload: null, idempotencyKey: null, requestHash: null, origin: null,
    ...over,
  };
}

/** The attachment store (migration 0011) on both engines: files in encrypted chunks, claimed by messages, pruned. */
describe.each(backends(hasPostgres))('Attachment storage on $name', (backend) => {
  let store: Store;
  const opened = useStore(backend);
  beforeAll(() => void ({ store } = opened));
  const test = it.skipIf(!backend.available);

  /** A finished staged file of `userId` with these chunks. */
  const stage = async (userId: string, chunks: Buffer[] = [Buffer.from('hello')], begunAt = T0) => {
    const fileId = id('file');
    await store.attachments.begin(fileId, userId, begunAt);
    for (const [seq, data] of chunks.entries()) await store.attachments.putChunk(fileId, seq, data);
    const whole = Buffer.concat(chunks);
    await store.attachments.finish(fileId, whole.length);
    return fileId;
  };
  const files = (ids: string[]) => opened.raw.selectFrom('attachment_files').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const chunkCount = async (fileId: string) =>
    Number((await opened.raw.selectFrom('attachment_chunks').select((eb) => eb.fn.countAll<string>().as('n')).where('file_id', '=', fileId).executeTakeFirstOrThrow()).n);

  test('a file round-trips in chunks (a full 3.75 MiB chunk and a short last one), encrypted at rest', async () => {
    const userId = id('usr');
    const full = randomBytes(ATTACHMENT_CHUNK_BYTES);
    const last = randomBytes(1234);
    const fileId = await stage(userId, [full, last]);
    const messageId = id('msg');
    expect(await store.transaction((tx) => tx.attachments.claim([fileId], userId, messageId))).toBe(true);

    const first = await store.attachments.chunk(fileId, 0);
    expect(Buffer.isBuffer(first)).toBe(true);
    expect(first!.equals(full)).toBe(true);
    expect((await store.attachments.chunk(fileId, 1))!.equals(last)).toBe(true);
    expect(await store.attachments.chunk(fileId, 2)).toBeNull();
    expect(await store.attachments.chunk(id('file'), 0)).toBeNull();

    const [row] = await files([fileId]);
    expect(row).toMatchObject({ id: fileId, user_id: userId, message_id: messageId, created_at: T0.toISOString() });
    expect(Number(row!.size)).toBe(full.length + last.length);

    // At rest: binary envelopes, never the plaintext.
    const raw = await opened.raw.selectFrom('attachment_chunks').select(['seq', 'data']).where('file_id', '=', fileId).orderBy('seq').execute();
    expect(raw.map((r) => Number(r.seq))).toEqual([0, 1]);
    expect(Buffer.isBuffer(raw[0]!.data)).toBe(true);
    expect(raw[0]!.data.length).toBe(1 + 4 + 12 + full.length + 16);
    expect(raw[0]!.data.includes(full.subarray(0, 64))).toBe(false);
    expect(raw[1]!.data.includes(last.subarray(0, 64))).toBe(false);
    if (backend.fileBytes) expect(backend.fileBytes().includes(last.subarray(0, 64))).toBe(false);
  });

  test('a chunk copied to another place does not decrypt', async () => {
    const userId = id('usr');
    const fileId = await stage(userId, [Buffer.from('zero'), Buffer.from('one')]);
    const other = await stage(userId, [Buffer.from('other')]);
    const zero = (await opened.raw.selectFrom('attachment_chunks').select('data').where('file_id', '=', fileId).where('seq', '=', 0).executeTakeFirstOrThrow()).data;
    await opened.raw.updateTable('attachment_chunks').set({ data: zero }).where('file_id', '=', fileId).where('seq', '=', 1).execute();
    await opened.raw.updateTable('attachment_chunks').set({ data: zero }).where('file_id', '=', other).where('seq', '=', 0).execute();
    await expect(store.attachments.chunk(fileId, 1)).rejects.toThrow(/authentication/);
    await expect(store.attachments.chunk(other, 0)).rejects.toThrow(/authentication/);
  });

  test('claim takes finished staged files of the user, all or none, once', async () => {
    const userId = id('usr');
    const a = await stage(userId);
    const b = await stage(userId);
    const mine = await stage(userId);
    const others = await stage(id('usr'));
    const unfinished = id('file');
    await store.attachments.begin(unfinished, userId, T0);
    await store.attachments.putChunk(unfinished, 0, Buffer.from('partial'));

    // Inside the message's transaction: false rolls the whole claim back.
    const claimOrRollBack = (ids: string[], messageId = id('msg')) =>
      store
        .transaction(async (tx) => {
          if (!(await tx.attachments.claim(ids, userId, messageId))) throw new Error('refused');
          return true;
        })
        .catch(() => false);

    expect(await claimOrRollBack([a, id('file')])).toBe(false); // unknown
    expect(await claimOrRollBack([a, others])).toBe(false); // another user's
    expect(await claimOrRollBack([a, unfinished])).toBe(false); // not finished
    expect((await files([a])).map((f) => f.message_id)).toEqual([null]); // rolled back
    const messageId = id('msg');
    expect(await claimOrRollBack([a, b, a], messageId)).toBe(true); // a repeated id counts once
    expect(await claimOrRollBack([b, mine])).toBe(false); // already claimed
    expect(await store.attachments.claim([b], userId, messageId)).toBe(false); // even by the same message
    expect((await files([a, b, mine]).then((rows) => rows.map((f) => [f.id, f.message_id])))).toEqual(
      [[a, messageId], [b, messageId], [mine, null]].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(await store.attachments.claim([], userId, messageId)).toBe(true);
  });

  test('of two racing claims of one file, one wins', async () => {
    const userId = id('usr');
    const fileId = await stage(userId);
    const results = await Promise.all(
      ['m1', 'm2', 'm3'].map((m) => store.transaction((tx) => tx.attachments.claim([fileId], userId, `${m}-${fileId}`))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('countStored, delete and deleteForMessage remove files with their chunks', async () => {
    const userId = id('usr');
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => stage(userId, [Buffer.from('x'), Buffer.from('y')])));
    expect(await store.attachments.countStored([a!, b!, c!, d!, id('file')])).toBe(4);
    expect(await store.attachments.countStored([])).toBe(0);
    await store.attachments.delete([a!, id('file')]);
    await store.attachments.delete([]);
    expect(await store.attachments.countStored([a!, b!, c!, d!])).toBe(3);
    expect(await chunkCount(a!)).toBe(0);
    expect(await store.attachments.chunk(a!, 0)).toBeNull();

    const messageId = id('msg');
    expect(await store.attachments.claim([b!, c!], userId, messageId)).toBe(true);
    await store.attachments.deleteForMessage(messageId);
    expect(await store.attachments.countStored([b!, c!, d!])).toBe(1);
    expect(await chunkCount(b!)).toBe(0);
    expect(await chunkCount(d!)).toBe(2);
  });

  test('a chunk cannot be written for a file that is gone', async () => {
    const userId = id('usr');
    const fileId = id('file');
    await store.attachments.begin(fileId, userId, T0);
    await store.attachments.delete([fileId]);
    await expect(store.attachments.putChunk(fileId, 0, Buffer.from('late'))).rejects.toThrow();
    expect(await chunkCount(fileId)).toBe(0);
  });

  test('pruneStaged deletes staged files begun before the cut-off, claimed ones never', async () => {
    const userId = id('usr');
    const cut = new Date('2020-06-01T00:00:00.000Z');
    const old = new Date('2020-05-01T00:00:00.000Z');
    const oldStaged = await stage(userId, [Buffer.from('old')], old);
    const oldUnfinished = id('file');
    await store.attachments.begin(oldUnfinished, userId, old);
    const oldClaimed = await stage(userId, [Buffer.from('claimed')], old);
    expect(await store.attachments.claim([oldClaimed], userId, id('msg'))).toBe(true);
    const recent = await stage(userId, [Buffer.from('recent')], cut);
    // Other tests' files are staged at T0 (after the cut-off): only these two go.
    expect(await store.attachments.pruneStaged(cut)).toBe(2);
    expect(await store.attachments.countStored([oldStaged, oldUnfinished, oldClaimed, recent])).toBe(2);
    expect(await chunkCount(oldStaged)).toBe(0);
    expect(await store.attachments.pruneStaged(cut)).toBe(0);
  });

  test('pruneEnded deletes files of messages ended before the cut-off, or gone, in batches', async () => {
    const account = await seedAccount(store, { status: 'linked' });
    const cut = at(3600);
    await store.attachments.pruneEnded(cut); // other tests' files, claimed for messages that were never stored
    const owned = async (status: OutboxStatus, updatedAt: Date) => {
      const m = makeMessage(account.id, account.userId, { status, updatedAt });
      await store.outbox.insert(m);
      const fileId = await stage(account.userId);
      expect(await store.attachments.claim([fileId], account.userId, m.id)).toBe(true);
      return fileId;
    };
    const gone = [await owned('failed', at(0)), await owned('cancelled', at(0)), await owned('accepted', at(0))];
    const kept = [
      await owned('failed', at(3600)), // ended, but not before the cut-off
      await owned('queued', at(0)),
      await owned('sending', at(0)),
      await owned('retrying', at(0)),
      await stage(account.userId), // staged: pruneStaged's
    ];
    // A file whose message no longer exists, and more than one batch of them.
    const orphans: string[] = [];
    for (let i = 0; i < 3; i++) {
      const fileId = await stage(account.userId);
      expect(await store.attachments.claim([fileId], account.userId, id('msg-deleted'))).toBe(true);
      orphans.push(fileId);
    }
    const many = Array.from({ length: 520 }, () => id('bulk'));
    await opened.raw.insertInto('attachment_files').values(many.map((fileId) => ({ id: fileId, user_id: account.userId, message_id: id('msg-deleted'), size: 1, created_at: T0.toISOString() }))).execute();

    expect(await store.attachments.pruneEnded(cut)).toBe(gone.length + orphans.length + many.length);
    expect(await store.attachments.countStored([...gone, ...orphans])).toBe(0);
    expect(await store.attachments.countStored(many)).toBe(0);
    expect(await store.attachments.countStored(kept)).toBe(kept.length);
    for (const fileId of gone) expect(await chunkCount(fileId)).toBe(0);
    expect(await store.attachments.pruneEnded(cut)).toBe(0);
  });

  test('an upload in progress round-trips; its URL is a vault envelope at rest', async () => {
    const account = await seedAccount(store, { status: 'linked' });
    const url = `https://outlook.office.com/api/v2.0/Users('x')/Messages('y')/AttachmentSessions('z')?authtoken=${randomBytes(24).toString('hex')}`;
    const m = makeMessage(account.id, account.userId);
    await store.outbox.insert(m);
    expect((await store.outbox.get(m.id))!.upload).toBeNull();
    expect(await store.outbox.update(m.id, { upload: { index: 2, url: new Sensitive(url) } })).toBe(true);
    const back = (await store.outbox.get(m.id, { withContent: false }))!.upload!;
    expect(back.index).toBe(2);
    expect(back.url).toBeInstanceOf(Sensitive);
    expect(back.url.reveal()).toBe(url);
    const page = await store.outbox.listPage({ accountId: account.id }, { limit: 10 });
    expect(page.items[0]!.upload!.url.reveal()).toBe(url);

    const raw = (await opened.raw.selectFrom('outbox').select('upload_session').where('id', '=', m.id).executeTakeFirstOrThrow()).upload_session!;
    expect(raw.startsWith('v1:')).toBe(true);
    expect(raw).not.toContain('authtoken');
    expect(raw).not.toContain(url);
    // Bound to its row: copied to another message, it does not decrypt.
    const other = makeMessage(account.id, account.userId);
    await store.outbox.insert(other);
    await opened.raw.updateTable('outbox').set({ upload_session: raw }).where('id', '=', other.id).execute();
    await expect(store.outbox.get(other.id)).rejects.toThrow(/authentication/);

    expect(await store.outbox.update(m.id, { upload: null })).toBe(true);
    expect((await store.outbox.get(m.id))!.upload).toBeNull();
    expect((await opened.raw.selectFrom('outbox').select('upload_session').where('id', '=', m.id).executeTakeFirstOrThrow()).upload_session).toBeNull();
  });
});
