import type { Locale, MailboxState, MailFolder as MailFolderView, MailMessageDetail, MailMessageSummary } from '@mailbridge/contract';
import { describe } from '../../../core/diagnosis/describe.js';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { MailMessage } from '../../../core/mailbox/mail-message.js';
import type { MailboxSyncState } from '../../../core/mailbox/mailbox-sync-state.js';
import type { MailMessageRead } from '../../../core/mailbox/read-mail-message.js';

/** GET/PUT …/mailbox: the state, its problem as a diagnosis in the caller's language. */
export function presentMailbox(s: MailboxSyncState, locale: Locale): MailboxState {
  return {
    reading: s.reading,
    status: s.status,
    done: s.done,
    total: s.total,
    lastSyncAt: s.lastSyncAt?.toISOString() ?? null,
    ...(s.lastError ? { diagnosis: describe(locale, s.lastError.diagnosis, s.lastError.params) } : {}),
  };
}

export const presentFolder = (f: MailFolder): MailFolderView => ({ id: f.id, name: f.name, path: f.path, role: f.role, unread: f.unread, total: f.total });

export const presentSummary = (m: MailMessage): MailMessageSummary => ({
  id: m.id,
  folderId: m.folderId,
  threadId: m.threadKey,
  subject: m.subject,
  from: m.from,
  to: m.to,
  cc: m.cc,
  date: m.date.toISOString(),
  unread: m.unread,
  flagged: m.flagged,
  hasAttachments: m.hasAttachments,
  size: m.size,
  snippet: m.snippet,
});

export const presentDetail = (r: MailMessageRead): MailMessageDetail => ({
  ...presentSummary(r.message),
  replyTo: r.message.replyTo,
  bcc: r.message.bcc,
  internetMessageId: r.message.internetMessageId,
  inReplyTo: r.message.inReplyTo,
  references: r.message.references,
  text: r.text,
  html: r.html,
  remoteImagesBlocked: r.remoteImagesBlocked,
  attachments: r.attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, inline: a.inline, contentId: a.contentId })),
});
