import { addressKey } from '@mailbridge/contract';
import type { IncomingMailMessage, MailAddress, MailMessage } from '../core/mailbox/mail-message.js';
import { fromIso, toIso } from './column-codecs.js';
import { searchText } from './mail-search-text.js';
import type { MailMessageRow } from './schema.js';

/** Every column Kysely reads: not SQLite's `seq` nor PostgreSQL's `search`. */
export const MESSAGE_COLUMNS = [
  'id', 'account_id', 'folder_id', 'remote_id', 'internet_message_id', 'thread_key', 'subject', 'from_name', 'from_address', 'from_key',
  'to_list', 'cc_list', 'bcc_list', 'reply_to_list', 'date', 'unread', 'flagged', 'has_attachments', 'size', 'snippet', 'in_reply_to',
  'references_list', 'search_text', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof MailMessageRow>;

const address = (name: string | null | undefined, addr: string): MailAddress => (name ? { address: addr, name } : { address: addr });
const addresses = (text: string): MailAddress[] => (JSON.parse(text) as MailAddress[]).map((a) => address(a.name, a.address));
const addressesText = (list: readonly MailAddress[]): string => JSON.stringify(list.map((a) => address(a.name, a.address)));

export const messageFromRow = (r: MailMessageRow): MailMessage => ({
  id: r.id,
  accountId: r.account_id,
  folderId: r.folder_id,
  remoteId: r.remote_id,
  internetMessageId: r.internet_message_id,
  threadKey: r.thread_key,
  subject: r.subject,
  from: r.from_address === null ? null : address(r.from_name, r.from_address),
  to: addresses(r.to_list),
  cc: addresses(r.cc_list),
  bcc: addresses(r.bcc_list),
  replyTo: addresses(r.reply_to_list),
  date: fromIso(r.date),
  unread: Number(r.unread) === 1,
  flagged: Number(r.flagged) === 1,
  hasAttachments: Number(r.has_attachments) === 1,
  size: Number(r.size),
  snippet: r.snippet,
  inReplyTo: r.in_reply_to,
  references: JSON.parse(r.references_list) as string[],
  createdAt: fromIso(r.created_at),
  updatedAt: fromIso(r.updated_at),
});

/**
 * PostgreSQL's text cannot hold U+0000 (SQLite's can), and an encoded word (`=?utf-8?B?AA==?=`)
 * puts one in a decoded subject or name: one such message would fail its whole batch and stall
 * the sync. It becomes U+FFFD, as a decoder does with what it cannot show. (JSON columns escape it.)
 */
const noNul = (s: string): string => (s.includes('\0') ? s.replaceAll('\0', '\uFFFD') : s);
const noNulOrNull = (s: string | null): string | null => (s === null ? null : noNul(s));

/** The row of a message the sync read, as it would be inserted. */
export function messageToRow(m: IncomingMailMessage, ids: { id: string; accountId: string; folderId: string }, at: Date): MailMessageRow {
  const stamp = toIso(at);
  return {
    id: ids.id,
    account_id: ids.accountId,
    folder_id: ids.folderId,
    remote_id: noNul(m.remoteId),
    internet_message_id: noNulOrNull(m.internetMessageId),
    thread_key: noNul(m.threadKey),
    subject: noNul(m.subject),
    from_name: noNulOrNull(m.from?.name ?? null),
    from_address: noNulOrNull(m.from?.address ?? null),
    from_key: m.from ? addressKey(m.from.address) : null,
    to_list: addressesText(m.to),
    cc_list: addressesText(m.cc),
    bcc_list: addressesText(m.bcc),
    reply_to_list: addressesText(m.replyTo),
    date: toIso(m.date),
    unread: m.unread ? 1 : 0,
    flagged: m.flagged ? 1 : 0,
    has_attachments: m.hasAttachments ? 1 : 0,
    size: m.size,
    snippet: noNul(m.snippet),
    in_reply_to: noNulOrNull(m.inReplyTo),
    references_list: JSON.stringify(m.references),
    search_text: noNul(searchText([m.subject, m.from?.name, m.from?.address, m.snippet])),
    created_at: stamp,
    updated_at: stamp,
  };
}
