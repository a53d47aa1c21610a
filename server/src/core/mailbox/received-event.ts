import type { WebhookPayload } from '@mailbridge/contract';
import type { MailFolder } from './mail-folder.js';
import type { MailMessage } from './mail-message.js';
import type { NewEvent } from '../events/domain-event.js';

/** What a `message.received` event stores: where the message is, and what a list would show of it. */
export interface ReceivedEventData {
  mailboxMessageId: string;
  folderId: string;
  internetMessageId: string | null;
  from: MailMessage['from'];
  subject: string;
  date: string;
}

/**
 * The key that makes `message.received` once per message and account: its Message-ID, or, for
 * a message without one, its place (the folder's UIDVALIDITY with the UID; a Graph immutable id
 * is unique by itself: learn.microsoft.com graph/outlook-immutable-id).
 */
export function receivedKey(folder: MailFolder, m: Pick<MailMessage, 'internetMessageId' | 'remoteId'>): string {
  if (m.internetMessageId) return `mid:${m.internetMessageId}`;
  return folder.sync.uidValidity !== null ? `uid:${folder.remoteId}:${folder.sync.uidValidity}:${m.remoteId}` : `id:${m.remoteId}`;
}

export const receivedEvent = (accountId: string, folder: MailFolder, id: string, m: Pick<MailMessage, 'internetMessageId' | 'from' | 'subject' | 'date'>, at: Date): NewEvent => ({
  type: 'message.received',
  accountId,
  data: { mailboxMessageId: id, folderId: folder.id, internetMessageId: m.internetMessageId, from: m.from, subject: m.subject, date: m.date.toISOString() } satisfies ReceivedEventData,
  at,
});

/** The webhook body's fields for the event. */
export const receivedData = (d: ReceivedEventData): Partial<WebhookPayload['data']> => ({
  mailboxMessageId: d.mailboxMessageId,
  folderId: d.folderId,
  ...(d.internetMessageId ? { internetMessageId: d.internetMessageId } : {}),
  from: d.from,
  subject: d.subject,
  date: d.date,
});
