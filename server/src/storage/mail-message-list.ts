import { sql, type Kysely } from 'kysely';
import { addressKey } from '@mailbridge/contract';
import type { MailMessage, MailMessageFilter } from '../core/mailbox/mail-message.js';
import type { KeysetPage, PageRequest } from '../core/ports.js';
import { toIso } from './column-codecs.js';
import { MESSAGE_COLUMNS, messageFromRow } from './mail-message-codecs.js';
import { searchCondition } from './mail-search-text.js';
import type { Database } from './schema.js';

/**
 * One page of an account's messages, newest first: `(date, id)` descending, after the page key
 * (its `createdAt` holds the last message's date). The same row-value keyset as keyset-page.ts,
 * on `date`: indexes (account_id, [folder_id,] date, id) serve it, and messages that arrive
 * while a client walks the pages sort before its cursor, so no page repeats or skips one.
 */
export async function listMessages(db: Kysely<Database>, postgres: boolean, accountId: string, filter: MailMessageFilter, page: PageRequest): Promise<KeysetPage<MailMessage>> {
  let q = db.selectFrom('mail_messages').select(MESSAGE_COLUMNS).where('account_id', '=', accountId);
  if (filter.folderId !== undefined) q = q.where('folder_id', '=', filter.folderId);
  if (filter.threadKey !== undefined) q = q.where('thread_key', '=', filter.threadKey);
  if (filter.unread !== undefined) q = q.where('unread', '=', filter.unread ? 1 : 0);
  if (filter.flagged !== undefined) q = q.where('flagged', '=', filter.flagged ? 1 : 0);
  if (filter.from !== undefined) q = q.where('from_key', '=', addressKey(filter.from));
  if (filter.since !== undefined) q = q.where('date', '>=', toIso(filter.since));
  if (filter.before !== undefined) q = q.where('date', '<', toIso(filter.before));
  if (filter.q !== undefined) {
    const matches = searchCondition(filter.q, postgres);
    if (matches === null) return { items: [], more: false };
    q = q.where(matches);
  }
  if (page.after) q = q.where(sql<boolean>`(date, id) < (${toIso(page.after.createdAt)}, ${page.after.id})`);
  const rows = await q.orderBy('date', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
  return { items: rows.slice(0, page.limit).map(messageFromRow), more: rows.length > page.limit };
}
