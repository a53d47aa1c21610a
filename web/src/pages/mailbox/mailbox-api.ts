import type { ForwardInput, MailboxState, MailFolder, MailMessageDetail, MailMessagePatch, MailMessageSummary, MessageQueued, Page, ReplyInput } from '@mailbridge/contract';
import { apiRequest } from '../../api/api-request.js';

export type { MailboxState, MailFolder, MailMessageDetail, MailMessageSummary, MailMessagePatch, FolderRole, MailboxSyncStatus } from '@mailbridge/contract';

/** The list's filters, as GET …/mailbox/messages takes them (all optional). */
export interface MessageFilter {
  folder?: string | undefined;
  /** A conversation's messages, in every folder (a summary's threadId). */
  thread?: string | undefined;
  q?: string | undefined;
  unread?: boolean | undefined;
  flagged?: boolean | undefined;
}

/** A reply without attachments: the page's small compose form sends text only. */
export type ReplyBody = Omit<ReplyInput, 'attachments'>;

const enc = encodeURIComponent;
const box = (accountId: string, rest = '') => `/accounts/${enc(accountId)}/mailbox${rest}`;
const msg = (accountId: string, messageId: string, rest = '') => box(accountId, `/messages/${enc(messageId)}${rest}`);

function messagesQuery(filter: MessageFilter, cursor: string | null, limit: number): string {
  const q = new URLSearchParams();
  if (filter.folder) q.set('folder', filter.folder);
  if (filter.thread) q.set('thread', filter.thread);
  if (filter.q) q.set('q', filter.q);
  if (filter.unread !== undefined) q.set('unread', String(filter.unread));
  if (filter.flagged !== undefined) q.set('flagged', String(filter.flagged));
  if (cursor) q.set('cursor', cursor);
  q.set('limit', String(limit));
  return `?${q}`;
}

/** An attachment's URL, for a plain download link (the session cookie rides along, same origin). */
export const attachmentUrl = (accountId: string, messageId: string, attachmentId: string) =>
  `/api/v1${msg(accountId, messageId, `/attachments/${enc(attachmentId)}`)}`;

/** Reading an account's mailbox (issue 11): sync state, folders, messages and what can be done to one. */
export const mailboxApi = {
  state: (accountId: string) => apiRequest<MailboxState>('GET', box(accountId)),
  setReading: (accountId: string, reading: boolean) => apiRequest<MailboxState>('PUT', box(accountId), { reading }),
  folders: (accountId: string) => apiRequest<{ items: MailFolder[] }>('GET', box(accountId, '/folders')),
  /** One page, newest first. */
  messages: (accountId: string, filter: MessageFilter, cursor: string | null = null, limit = 25) =>
    apiRequest<Page<MailMessageSummary>>('GET', box(accountId, `/messages${messagesQuery(filter, cursor, limit)}`)),
  /** Reading it leaves it unread (the server fetches with BODY.PEEK). `images`: remote images kept. */
  message: (accountId: string, messageId: string, images = false) =>
    apiRequest<MailMessageDetail>('GET', msg(accountId, messageId, images ? '?images=allow' : '')),
  update: (accountId: string, messageId: string, patch: MailMessagePatch) => apiRequest<unknown>('PATCH', msg(accountId, messageId), patch),
  /** Moves it to the trash. */
  remove: (accountId: string, messageId: string) => apiRequest<unknown>('DELETE', msg(accountId, messageId)),
  reply: (accountId: string, messageId: string, body: ReplyBody) => apiRequest<MessageQueued>('POST', msg(accountId, messageId, '/reply'), body),
  forward: (accountId: string, messageId: string, body: ForwardInput) => apiRequest<MessageQueued>('POST', msg(accountId, messageId, '/forward'), body),
};
