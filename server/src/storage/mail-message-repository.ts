import { CompiledQuery, type Kysely } from 'kysely';
import type { IncomingMailMessage, MailMessageRef } from '../core/mailbox/mail-message.js';
import type { MailMessageRepository } from '../core/ports.js';
import { newId } from '../core/random-token.js';
import { toIso } from './column-codecs.js';
import { MESSAGE_COLUMNS, messageFromRow, messageToRow } from './mail-message-codecs.js';
import { listMessages } from './mail-message-list.js';
import type { Database, MailMessageRow } from './schema.js';

/** Messages per insert: 25 columns each stays well within both engines' bound-parameter limits. */
const BATCH = 200;

/** What the sync may change in a known message (everything but its identity and creation). */
const MUTABLE = [
  'internet_message_id', 'thread_key', 'subject', 'from_name', 'from_address', 'from_key', 'to_list', 'cc_list', 'bcc_list', 'reply_to_list',
  'date', 'unread', 'flagged', 'has_attachments', 'size', 'snippet', 'in_reply_to', 'references_list', 'search_text', 'updated_at',
] as const satisfies ReadonlyArray<keyof MailMessageRow>;

/** Runs `work` in a transaction: the caller's, or one of its own. */
const atomically = <T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> =>
  db.isTransaction ? work(db) : db.transaction().execute(work);

/**
 * The SQL of an upsert of n rows, by engine and n: the statement is always the same for the same
 * number of rows, and building and compiling it (5,000 values for 200 rows) cost the sync more than
 * collecting the values does. At most 2 × BATCH entries.
 */
const upsertSql = new Map<string, string>();

type Written = { id: string; remote_id: string };

/** The upsert of `rows`, its SQL compiled by Kysely the first time only. */
function upsertQuery(db: Kysely<Database>, rows: MailMessageRow[], postgres: boolean): CompiledQuery<Written> {
  const key = `${postgres ? 'pg' : 'sqlite'}:${rows.length}`;
  const parameters: unknown[] = [];
  for (const r of rows) for (const c of MESSAGE_COLUMNS) parameters.push(r[c]);
  const known = upsertSql.get(key);
  if (known) return CompiledQuery.raw(known, parameters) as CompiledQuery<Written>;
  const query = db
    .insertInto('mail_messages')
    .values(rows)
    .onConflict((oc) => oc.columns(['folder_id', 'remote_id']).doUpdateSet((eb) => Object.fromEntries(MUTABLE.map((c) => [c, eb.ref(`excluded.${c}`)]))))
    .returning(['id', 'remote_id'])
    .compile();
  // Kept only when Kysely put the values where the cached statement will: row by row, in MESSAGE_COLUMNS order.
  if (query.parameters.length === parameters.length && query.parameters.every((v, k) => v === parameters[k])) upsertSql.set(key, query.sql);
  return query;
}

/** An account's message envelopes (migration 0013), unique by remote id within their folder. */
export function mailMessageRepository(db: Kysely<Database>, opts: { postgres: boolean }): MailMessageRepository {
  const byRef = (ref: MailMessageRef) => {
    const q = db.selectFrom('mail_messages').select(MESSAGE_COLUMNS);
    return 'id' in ref ? q.where('id', '=', ref.id) : q.where('folder_id', '=', ref.folderId).where('remote_id', '=', ref.remoteId);
  };
  return {
    async upsert(accountId, folderId, messages, at) {
      const results: Array<{ id: string; remoteId: string; created: boolean }> = [];
      // The last copy of a remote id wins: one statement may not touch a row twice (PostgreSQL).
      const unique = [...new Map(messages.map((m): [string, IncomingMailMessage] => [m.remoteId, m])).values()];
      for (let i = 0; i < unique.length; i += BATCH) {
        const rows = unique.slice(i, i + BATCH).map((m) => messageToRow(m, { id: newId(), accountId, folderId }, at));
        const fresh = new Set(rows.map((r) => r.id));
        // A known message keeps its id, so the id returned tells a new row from an updated one.
        const written = (await db.executeQuery(upsertQuery(db, rows, opts.postgres))).rows;
        const byRemote = new Map(written.map((w) => [w.remote_id, w.id]));
        for (const r of rows) {
          const id = byRemote.get(r.remote_id)!;
          results.push({ id, remoteId: r.remote_id, created: fresh.has(id) });
        }
      }
      return results;
    },
    listPage: (accountId, filter, page) => listMessages(db, opts.postgres, accountId, filter, page),
    async get(ref) {
      const row = await byRef(ref).executeTakeFirst();
      return row ? messageFromRow(row) : null;
    },
    async findByInternetMessageId(accountId, internetMessageId) {
      const rows = await db.selectFrom('mail_messages').select(MESSAGE_COLUMNS).where('account_id', '=', accountId).where('internet_message_id', '=', internetMessageId).orderBy('date', 'desc').orderBy('id', 'desc').execute();
      return rows.map(messageFromRow);
    },
    async listRemote(folderId, limit) {
      let q = db.selectFrom('mail_messages').select(['id', 'remote_id', 'unread', 'flagged']).where('folder_id', '=', folderId).orderBy('date', 'desc').orderBy('id', 'desc');
      if (limit !== undefined) q = q.limit(limit);
      return (await q.execute()).map((r) => ({ id: r.id, remoteId: r.remote_id, unread: Number(r.unread) === 1, flagged: Number(r.flagged) === 1 }));
    },
    async setFlags(ref, flags, at) {
      const set: Partial<MailMessageRow> = { updated_at: toIso(at) };
      if (flags.unread !== undefined) set.unread = flags.unread ? 1 : 0;
      if (flags.flagged !== undefined) set.flagged = flags.flagged ? 1 : 0;
      const q = db.updateTable('mail_messages').set(set);
      const r = await ('id' in ref ? q.where('id', '=', ref.id) : q.where('folder_id', '=', ref.folderId).where('remote_id', '=', ref.remoteId)).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async move(id, folderId, remoteId, at) {
      return atomically(db, async (tx) => {
        await tx.deleteFrom('mail_messages').where('folder_id', '=', folderId).where('remote_id', '=', remoteId).where('id', '<>', id).execute();
        const r = await tx.updateTable('mail_messages').set({ folder_id: folderId, remote_id: remoteId, updated_at: toIso(at) }).where('id', '=', id).executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      });
    },
    async deleteByRemoteIds(folderId, remoteIds) {
      let deleted = 0;
      const unique = [...new Set(remoteIds)];
      for (let i = 0; i < unique.length; i += BATCH * 10) {
        const r = await db.deleteFrom('mail_messages').where('folder_id', '=', folderId).where('remote_id', 'in', unique.slice(i, i + BATCH * 10)).executeTakeFirst();
        deleted += Number(r.numDeletedRows);
      }
      return deleted;
    },
    async deleteInFolder(folderId) {
      return Number((await db.deleteFrom('mail_messages').where('folder_id', '=', folderId).executeTakeFirst()).numDeletedRows);
    },
    async countByFolder(accountId, folderIds) {
      if (folderIds?.length === 0) return new Map();
      let q = db
        .selectFrom('mail_messages')
        .select((eb) => ['folder_id', eb.fn.countAll<string>().as('total'), eb.fn.sum<string>('unread').as('unread')])
        .where('account_id', '=', accountId);
      if (folderIds) q = q.where('folder_id', 'in', folderIds);
      const rows = await q.groupBy('folder_id').execute();
      return new Map(rows.map((r) => [r.folder_id, { unread: Number(r.unread), total: Number(r.total) }]));
    },
  };
}
