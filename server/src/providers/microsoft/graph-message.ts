import type { OutgoingAddress, OutgoingMessage } from '../../core/ports.js';

const recipients = (list: OutgoingAddress[]) =>
  list.map((a) => ({ emailAddress: a.name ? { address: a.address, name: a.name } : { address: a.address } }));

/**
 * The `sendMail` body (learn.microsoft.com graph/api/user-sendmail): property names exactly as in
 * Graph's schema, since Graph rejects unknown ones. With both text and HTML, HTML wins (a Graph
 * message has one body).
 */
export function toGraphSendMail(m: OutgoingMessage, internetMessageId?: string): Record<string, unknown> {
  return { message: { ...toGraphMessage(m), ...(internetMessageId ? { internetMessageId } : {}) }, saveToSentItems: true };
}

/** The Graph `message` resource for an outgoing message (sendMail's `message`, or a draft). */
export function toGraphMessage(m: OutgoingMessage): Record<string, unknown> {
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
  if (m.attachments.length) {
    message.attachments = m.attachments.map((a) => ({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: a.filename,
      contentType: a.contentType,
      contentBytes: a.content.toString('base64'),
      isInline: a.inline,
      ...(a.contentId ? { contentId: a.contentId } : {}),
    }));
  }
  return message;
}

/** Graph's request cap for sendMail (docs/microsoft.md §2: "The maximum request length supported is 4MB."). */
export const GRAPH_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
