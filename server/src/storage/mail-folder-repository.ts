import type { Kysely } from 'kysely';
import type { FolderRole } from '@mailbridge/contract';
import type { MailFolder } from '../core/mailbox/mail-folder.js';
import type { MailFolderRepository } from '../core/ports.js';
import { newId } from '../core/random-token.js';
import { fromIso, toIso } from './column-codecs.js';
import type { Database, MailFolderRow } from './schema.js';

const numberOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));

const fromRow = (r: MailFolderRow): MailFolder => ({
  id: r.id,
  accountId: r.account_id,
  remoteId: r.remote_id,
  parentRemoteId: r.parent_remote_id,
  name: r.name,
  path: r.path,
  role: r.role as FolderRole | null,
  unread: Number(r.unread),
  total: Number(r.total),
  sync: {
    uidValidity: numberOrNull(r.uidvalidity),
    uidNext: numberOrNull(r.uidnext),
    highestModseq: r.highestmodseq === null ? null : BigInt(r.highestmodseq),
    deltaLink: r.delta_link,
  },
  createdAt: fromIso(r.created_at),
  updatedAt: fromIso(r.updated_at),
});

/** Folders per statement: well within both engines' limits on bound parameters. */
const BATCH = 500;

/** An account's folders (migration 0013), unique by remote id within the account. */
export function mailFolderRepository(db: Kysely<Database>): MailFolderRepository {
  return {
    async upsert(accountId, folders, at) {
      const stored: MailFolder[] = [];
      // The last listing of a remote id wins: one statement may not touch a row twice (PostgreSQL).
      const unique = [...new Map(folders.map((f) => [f.remoteId, f])).values()];
      for (let i = 0; i < unique.length; i += BATCH) {
        const rows: MailFolderRow[] = unique.slice(i, i + BATCH).map((f) => ({
          // No U+0000 in PostgreSQL text (a Graph display name could carry one).
          id: newId(), account_id: accountId, remote_id: f.remoteId, parent_remote_id: f.parentRemoteId, name: f.name.replaceAll('\0', '\uFFFD'), path: f.path.replaceAll('\0', '\uFFFD'), role: f.role,
          uidvalidity: null, uidnext: null, highestmodseq: null, delta_link: null, unread: 0, total: 0, created_at: toIso(at), updated_at: toIso(at),
        }));
        const written = await db
          .insertInto('mail_folders')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['account_id', 'remote_id']).doUpdateSet((eb) => ({
              parent_remote_id: eb.ref('excluded.parent_remote_id'),
              name: eb.ref('excluded.name'),
              path: eb.ref('excluded.path'),
              role: eb.ref('excluded.role'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returningAll()
          .execute();
        stored.push(...written.map(fromRow));
      }
      return stored;
    },
    async list(accountId) {
      const rows = await db.selectFrom('mail_folders').selectAll().where('account_id', '=', accountId).orderBy('path').orderBy('id').execute();
      return rows.map(fromRow);
    },
    async get(accountId, id) {
      const row = await db.selectFrom('mail_folders').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async setCounts(id, counts, at) {
      await db.updateTable('mail_folders').set({ unread: counts.unread, total: counts.total, updated_at: toIso(at) }).where('id', '=', id).execute();
    },
    async setSyncCursor(id, cursor, at) {
      await db
        .updateTable('mail_folders')
        .set({
          uidvalidity: cursor.uidValidity,
          uidnext: cursor.uidNext,
          highestmodseq: cursor.highestModseq === null ? null : cursor.highestModseq.toString(),
          delta_link: cursor.deltaLink,
          updated_at: toIso(at),
        })
        .where('id', '=', id)
        .execute();
    },
    async deleteMissing(accountId, remoteIds) {
      let q = db.deleteFrom('mail_folders').where('account_id', '=', accountId);
      if (remoteIds.length > 0) q = q.where('remote_id', 'not in', [...new Set(remoteIds)]);
      return Number((await q.executeTakeFirst()).numDeletedRows);
    },
  };
}
