import MailComposer from 'nodemailer/lib/mail-composer';
import type { StoredMessage, User } from '../state/types.js';
import { attachmentContent, attachmentEntries } from './attachment-items.js';
import { threadingOf } from './message-view.js';

/**
 * The MIME of a message for GET messages/{id}/$value (graph/outlook-get-mime-message): the MIME it
 * came as when it came as MIME, else one built from its Graph JSON with the headers a reader
 * threads by (Message-ID, In-Reply-To, References, Date).
 */
type Json = Record<string, unknown>;
interface Recipient { emailAddress?: { address?: string; name?: string } }

function addresses(v: unknown): Array<{ name: string; address: string }> {
  return (Array.isArray(v) ? (v as Array<Recipient | undefined>) : []).filter((r): r is Recipient => !!r?.emailAddress).map((r) => ({ name: r.emailAddress?.name ?? '', address: r.emailAddress?.address ?? '' }));
}

export async function messageMime(user: User, item: StoredMessage): Promise<Buffer> {
  if (item.mime !== undefined) return Buffer.from(item.mime, 'utf8');
  const m: Json = item.message;
  const body = (m.body ?? {}) as { contentType?: string; content?: string };
  const html = /^html$/i.test(body.contentType ?? '');
  const { inReplyTo, references } = threadingOf(item);
  const from = addresses([m.from ?? { emailAddress: { name: user.displayName, address: user.mail ?? user.email } }])[0];
  const custom = (Array.isArray(m.internetMessageHeaders) ? (m.internetMessageHeaders as Array<{ name: string; value: string }>) : []);
  const sender = addresses([m.sender])[0];
  const composer = new MailComposer({
    disableFileAccess: true, disableUrlAccess: true, xMailer: false,
    from, ...(sender?.address && sender.address !== from?.address ? { sender } : {}),
    to: addresses(m.toRecipients), cc: addresses(m.ccRecipients), replyTo: addresses(m.replyTo),
    subject: typeof m.subject === 'string' ? m.subject : '',
    messageId: item.internetMessageId,
    date: new Date(item.sentDateTime),
    ...(inReplyTo ? { inReplyTo } : {}), ...(references ? { references } : {}),
    ...(html ? { html: body.content ?? '' } : { text: body.content ?? '' }),
    headers: custom.map((h) => ({ key: h.name, value: h.value })),
    attachments: attachmentEntries(m).map((a) => ({
      filename: typeof a.name === 'string' ? a.name : 'attachment',
      content: attachmentContent(item, a) ?? Buffer.alloc(0),
      ...(typeof a.contentType === 'string' ? { contentType: a.contentType } : {}),
      ...(a.isInline === true && typeof a.contentId === 'string' ? { cid: a.contentId } : {}),
    })),
  });
  return composer.compile().build();
}
