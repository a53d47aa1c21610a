import type { Address, SendMessage } from '@mailbridge/contract';
import { PayloadTooLargeError } from '../errors.js';
import type { OutgoingAddress, OutgoingMessage } from '../ports.js';

/**
 * Files Graph takes inline in one sendMail request: its body is capped at 4 MB and base64 grows
 * files by a third, so about 3 MB of files (docs/microsoft.md §2). Larger needs upload sessions.
 */
export const MAX_INLINE_ATTACHMENT_BYTES = 3 * 1024 * 1024;

const list = (a: Address | Address[] | undefined): OutgoingAddress[] =>
  (a === undefined ? [] : Array.isArray(a) ? a : [a]).map((x) => (typeof x === 'string' ? { address: x } : { address: x.address, ...(x.name ? { name: x.name } : {}) }));

/** The API's message as a protocol-neutral outgoing message, with the size rule applied. */
export function toOutgoing(m: SendMessage): OutgoingMessage {
  const attachments = (m.attachments ?? []).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    content: Buffer.from(a.contentBase64, 'base64'),
    inline: a.inline ?? false,
    ...(a.contentId ? { contentId: a.contentId } : {}),
  }));
  const total = attachments.reduce((n, a) => n + a.content.length, 0);
  if (total > MAX_INLINE_ATTACHMENT_BYTES) {
    throw new PayloadTooLargeError(`Attachments total ${total} bytes; at most 3 MB can be sent in one Graph request`, {
      diagnosis: 'message_too_large',
      params: { limit: '3 MB' },
      details: [{ path: 'attachments', message: 'at most 3 MB of files in all (Microsoft Graph request limit of 4 MB)' }],
    });
  }
  return {
    to: list(m.to),
    cc: list(m.cc),
    bcc: list(m.bcc),
    replyTo: list(m.replyTo),
    subject: m.subject,
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.html !== undefined ? { html: m.html } : {}),
    attachments,
    headers: m.headers ?? {},
  };
}
