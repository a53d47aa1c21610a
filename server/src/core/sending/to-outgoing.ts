import type { Address, SendMessageForm } from '@mailbridge/contract';
import type { OutgoingAddress, OutgoingAttachment, OutgoingMessage } from '../ports.js';

const list = (a: Address | Address[] | undefined): OutgoingAddress[] =>
  (a === undefined ? [] : Array.isArray(a) ? a : [a]).map((x) => (typeof x === 'string' ? { address: x } : { address: x.address, ...(x.name ? { name: x.name } : {}) }));

/** What a send says besides its files (a JSON send's or a multipart send's `message`). */
export type MessageFields = Omit<SendMessageForm, 'attachments'>;

/** The API's message, with its files already stored, as a protocol-neutral outgoing message. */
export function toOutgoing(m: MessageFields, attachments: OutgoingAttachment[]): OutgoingMessage {
  const from = m.from === undefined ? undefined : list(m.from)[0];
  return {
    ...(from ? { from } : {}),
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

/** What the message weighs without its files: bodies, recipients and headers (for the size limits). */
export const fieldsBytes = (m: MessageFields): number => Buffer.byteLength(JSON.stringify({ ...m, sendAt: undefined }));
