import type { Kysely } from 'kysely';
import type { AttachmentRepository } from '../core/ports.js';
import type { Vault } from '../platform/vault.js';
import { toIso } from './column-codecs.js';
import type { Database } from './schema.js';

/** Each chunk's envelope is bound to its file and place, so no chunk can be moved or swapped. */
const chunkContext = (fileId: string, seq: number) => `attachment:${fileId}:${seq}`;

/** Files deleted per statement when pruning: no call holds one huge transaction. */
const PRUNE_BATCH = 500;

const ENDED = ['failed', 'cancelled', 'accepted'];

/**
 * The files of messages (migration 0011): `attachment_files` rows and their encrypted chunks.
 * One chunk at most is in memory per call. Deleting a file deletes its chunks in the same
 * statement (ON DELETE CASCADE), and a chunk can't be written for a file that is gone (the
 * foreign key), so neither a crash nor a prune racing an upload leaves chunks without a file.
 */
export function attachmentRepository(db: Kysely<Database>, vault: Vault): AttachmentRepository {
  /** Runs `deleteBatch` until a batch comes back short; the number of files deleted. */
  const inBatches = async (deleteBatch: () => Promise<number>): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await deleteBatch();
      total += n;
      if (n < PRUNE_BATCH) return total;
    }
  };
  return {
    async begin(id, userId, at) {
      await db.insertInto('attachment_files').values({ id, user_id: userId, message_id: null, size: null, created_at: toIso(at) }).execute();
    },
    async putChunk(id, seq, data) {
      await db.insertInto('attachment_chunks').values({ file_id: id, seq, data: vault.encryptBytes(data, chunkContext(id, seq)) }).execute();
    },
    async finish(id, size) {
      await db.updateTable('attachment_files').set({ size }).where('id', '=', id).execute();
    },
    async claim(ids, userId, messageId) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return true;
      // One conditional UPDATE: of two racing claims, the second finds message_id set (PostgreSQL
      // re-checks the condition once the first commits) and updates fewer rows than it asked for.
      const r = await db
        .updateTable('attachment_files')
        .set({ message_id: messageId })
        .where('id', 'in', unique)
        .where('user_id', '=', userId)
        .where('message_id', 'is', null)
        .where('size', 'is not', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === unique.length;
    },
    async chunk(id, seq) {
      const row = await db.selectFrom('attachment_chunks').select('data').where('file_id', '=', id).where('seq', '=', seq).executeTakeFirst();
      return row ? vault.decryptBytes(row.data, chunkContext(id, seq)) : null;
    },
    async countStored(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return 0;
      const row = await db
        .selectFrom('attachment_files')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('id', 'in', unique)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async delete(ids) {
      if (ids.length === 0) return;
      await db.deleteFrom('attachment_files').where('id', 'in', [...new Set(ids)]).execute();
    },
    async deleteForMessage(messageId) {
      await db.deleteFrom('attachment_files').where('message_id', '=', messageId).execute();
    },
    async pruneStaged(before) {
      const at = toIso(before);
      // The conditions on the outer statement too: PostgreSQL re-checks them on a row a racing
      // claim just changed (the subquery's rows come from the statement's snapshot).
      return inBatches(async () => {
        const r = await db
          .deleteFrom('attachment_files')
          .where('message_id', 'is', null)
          .where('created_at', '<', at)
          .where('id', 'in', db.selectFrom('attachment_files').select('id').where('message_id', 'is', null).where('created_at', '<', at).limit(PRUNE_BATCH))
          .executeTakeFirst();
        return Number(r.numDeletedRows);
      });
    },
    async pruneEnded(before) {
      const at = toIso(before);
      // From the files' side: only files still owned by a message are looked at (accepted
      // messages' files are deleted as they go), never the ever-growing history of the outbox.
      const ended = db
        .selectFrom('attachment_files as f')
        .leftJoin('outbox as o', 'o.id', 'f.message_id')
        .select('f.id')
        .where('f.message_id', 'is not', null)
        .where((eb) => eb.or([eb('o.id', 'is', null), eb.and([eb('o.status', 'in', ENDED), eb('o.updated_at', '<', at)])]))
        .limit(PRUNE_BATCH);
      return inBatches(async () => {
        // Checked again on the row itself: a retry may have queued the message meanwhile.
        const r = await db
          .deleteFrom('attachment_files')
          .where('message_id', 'is not', null)
          .where('id', 'in', ended)
          .where((eb) =>
            eb.not(eb.exists(eb.selectFrom('outbox as o2').select('o2.id').whereRef('o2.id', '=', 'attachment_files.message_id').where((o) => o.or([o('o2.status', 'not in', ENDED), o('o2.updated_at', '>=', at)])))),
          )
          .executeTakeFirst();
        return Number(r.numDeletedRows);
      });
    },
  };
}
