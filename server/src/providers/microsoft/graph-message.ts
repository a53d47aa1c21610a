import type { OutgoingAddress, OutgoingAttachment, OutgoingMessage } from '../../core/ports.js';
import { encodedSize, UPLOAD_SESSION_MIN_BYTES } from '../../core/attachments/attachment-limits.js';

const recipients = (list: OutgoingAddress[]) =>
  list.map((a) => ({ emailAddress: a.name ? { address: a.address, name: a.name } : { address: a.address } }));

/** Graph's request cap (docs/microsoft.md §2: "The maximum request length supported is 4MB."). */
export const GRAPH_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Room for one attachment's JSON around its bytes (type, name, content type, id). */
const ATTACHMENT_JSON_BYTES = 1024;

/**
 * Whether the message, files inline, fits one Graph request: every file under 3 MB and the whole
 * request under 4 MB (docs/microsoft.md §2). Otherwise it goes through a draft and upload sessions.
 */
export function fitsOneRequest(m: OutgoingMessage): boolean {
  if (m.attachments.some((a) => a.size >= UPLOAD_SESSION_MIN_BYTES)) return false;
  const files = m.attachments.reduce((n, a) => n + encodedSize(a.size) + ATTACHMENT_JSON_BYTES, 0);
  return Buffer.byteLength(JSON.stringify(toGraphMessage(m, null))) + files <= GRAPH_MAX_REQUEST_BYTES;
}

/**
 * The `sendMail` body (learn.microsoft.com graph/api/user-sendmail): property names exactly as in
 * Graph's schema, since Graph rejects unknown ones. With both text and HTML, HTML wins (a Graph
 * message has one body).
 */
export function toGraphSendMail(m: OutgoingMessage, files: Buffer[], internetMessageId?: string): Record<string, unknown> {
  return { message: { ...toGraphMessage(m, files), ...(internetMessageId ? { internetMessageId } : {}) }, saveToSentItems: true };
}

/** A `fileAttachment` resource (learn.microsoft.com graph/api/resources/fileattachment). */
export function toGraphAttachment(a: OutgoingAttachment, bytes: Buffer): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    name: a.filename,
    contentType: a.contentType,
    contentBytes: bytes.toString('base64'),
    isInline: a.inline,
    ...(a.contentId ? { contentId: a.contentId } : {}),
  };
}

/**
 * The Graph `message` resource for an outgoing message (sendMail's `message`, or a draft), with
 * the bytes of its files (`files[i]` for `m.attachments[i]`), or without files (`null`: they are
 * added to the draft afterwards).
 */
export function toGraphMessage(m: OutgoingMessage, files: Buffer[] | null): Record<string, unknown> {
  const message: Record<string, unknown> = {
    subject: m.subject,
    body: m.html !== undefined ? { contentType: 'HTML', content: m.html } : { contentType: 'Text', content: m.text ?? '' },
    toRecipients: recipients(m.to),
  };
  // Graph accepts `from` equal to the signed-in mailbox (it is how the display name is chosen);
  // another address would need Send As rights (ErrorSendAsDenied).
  if (m.from) message.from = recipients([m.from])[0];
  if (m.cc.length) message.ccRecipients = recipients(m.cc);
  if (m.bcc.length) message.bccRecipients = recipients(m.bcc);
  if (m.replyTo.length) message.replyTo = recipients(m.replyTo);
  const headers = Object.entries(m.headers);
  if (headers.length) message.internetMessageHeaders = headers.map(([name, value]) => ({ name, value }));
  if (files && m.attachments.length) message.attachments = m.attachments.map((a, i) => toGraphAttachment(a, files[i]!));
  return message;
}
