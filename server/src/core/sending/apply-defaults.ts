import { sameAddress } from '@mailbridge/contract';
import type { MailAccount } from '../domain.js';
import type { OutgoingMessage } from '../ports.js';
import { signatureText } from './signature-text.js';

/**
 * The account's default sending values, for whatever the caller left out: the sender's display
 * name, a reply-to, the signature (HTML, and a plain rendering for the text part, after the
 * RFC 3676 §4.3 "-- " separator) and a Bcc copy to the mailbox itself.
 */
export function applyDefaults(account: MailAccount, m: OutgoingMessage): OutgoingMessage {
  const d = account.defaults;
  const self = account.linkedAddress ?? account.email;
  const out: OutgoingMessage = { ...m };
  if (d.senderName && !m.from) out.from = { address: self, name: d.senderName };
  if (d.replyTo && m.replyTo.length === 0) out.replyTo = [{ address: d.replyTo }];
  if (d.signatureHtml) {
    if (m.html !== undefined) out.html = appendHtml(m.html, d.signatureHtml);
    if (m.text !== undefined) out.text = `${m.text}\n\n-- \n${signatureText(d.signatureHtml)}`;
  }
  const already = [...m.to, ...m.cc, ...m.bcc].some((a) => sameAddress(a.address, self));
  if (d.copyToSelf && !already) out.bcc = [...m.bcc, { address: self }];
  return out;
}

/** Inside <body> when the caller sent a whole document, else at the end. */
function appendHtml(html: string, signature: string): string {
  const block = `<div class="mailbridge-signature">${signature}</div>`;
  const end = html.search(/<\/body\s*>/i);
  return end === -1 ? `${html}\n${block}` : `${html.slice(0, end)}${block}${html.slice(end)}`;
}
