import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
import { FILE_ATTACHMENT } from '../graph/attachment-items.js';
import { newAttachmentId } from '../graph/message-ids.js';
import type { AttachmentBytes } from '../state/types.js';

type Json = Record<string, unknown>;
interface Recipient { emailAddress: { name?: string; address: string } }

/** Parses a submitted message (mailparser), skipping the text/HTML conversions the emulator never shows. */
export function parseSubmission(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
}

function flatten(list: EmailAddress[]): EmailAddress[] {
  return list.flatMap((a) => (a.group ? flatten(a.group) : [a]));
}

function recipients(header: AddressObject | AddressObject[] | undefined): Recipient[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return flatten(objects.flatMap((o) => o.value))
    .filter((a) => a.address)
    .map((a) => ({ emailAddress: { ...(a.name ? { name: a.name } : {}), address: a.address as string } }));
}

/** The addresses of the message's From: header (usually one). */
export function fromAddresses(parsed: ParsedMail): string[] {
  return recipients(parsed.from).map((r) => r.emailAddress.address);
}

/**
 * The message as the emulator stores a Graph one (the fields Graph would show), with its
 * attachments as fileAttachments whose bytes are kept as Buffers (like an upload session's),
 * never base64 in state. Envelope recipients missing from To/Cc/Bcc are Bcc recipients.
 */
export function toStoredFields(parsed: ParsedMail, rcptTo: string[], nowIso: string): { message: Json; attachmentBytes: Record<string, AttachmentBytes> } {
  const to = recipients(parsed.to);
  const cc = recipients(parsed.cc);
  const bcc = recipients(parsed.bcc);
  const named = new Set([...to, ...cc, ...bcc].map((r) => r.emailAddress.address.toLowerCase()));
  for (const address of rcptTo) {
    if (named.has(address.toLowerCase())) continue;
    named.add(address.toLowerCase());
    bcc.push({ emailAddress: { address } });
  }
  const attachmentBytes: Record<string, AttachmentBytes> = {};
  const attachments = parsed.attachments.map((a) => {
    const id = newAttachmentId();
    attachmentBytes[id] = { chunks: [a.content], size: a.content.length, sha256: createHash('sha256').update(a.content).digest('hex') };
    return {
      '@odata.type': FILE_ATTACHMENT, id, lastModifiedDateTime: nowIso, name: a.filename ?? 'attachment', contentType: a.contentType ?? null,
      size: a.content.length, isInline: a.contentDisposition === 'inline' || a.related === true, contentId: a.cid ?? null,
    };
  });
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  const message: Json = {
    subject: parsed.subject ?? '',
    toRecipients: to,
    ccRecipients: cc,
    bccRecipients: bcc,
    body: html !== undefined ? { contentType: 'html', content: html } : { contentType: 'text', content: parsed.text ?? '' },
  };
  const from = recipients(parsed.from)[0];
  if (from) message.from = from;
  const replyTo = recipients(parsed.replyTo);
  if (replyTo.length) message.replyTo = replyTo;
  if (parsed.messageId) message.internetMessageId = parsed.messageId;
  if (attachments.length) message.attachments = attachments;
  return { message, attachmentBytes };
}
