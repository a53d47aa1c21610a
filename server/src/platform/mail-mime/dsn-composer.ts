import { randomBytes } from 'node:crypto';
import type { DsnComposer, DsnReport } from '../../core/ports.js';

const ASCII = /^\p{ASCII}*$/u;

/** No header injection: one line, whatever the value held. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

/** An RFC 5322 §3.3 date in UTC ("+0000", not the obsolete "GMT"). */
const rfc5322Date = (d: Date): string => d.toUTCString().replace(/GMT$/, '+0000');

/** Text as a body part: 7bit when it is ASCII, else base64 in lines of 76 (RFC 2045 §6.8). */
function textPart(contentType: string, text: string): string {
  if (ASCII.test(text)) return `Content-Type: ${contentType}\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${text}\r\n`;
  const b64 = Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return `Content-Type: ${contentType}\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
}

/**
 * The machine-readable part (RFC 3464 §2.1-2.3): per-message fields, then one group per recipient.
 * An address that is not ASCII (SMTPUTF8) is typed `utf-8` (RFC 6533 §3).
 */
function deliveryStatus(r: DsnReport): string {
  const lines = [`Reporting-MTA: dns; ${oneLine(r.reportingMta)}`, `Arrival-Date: ${rfc5322Date(r.arrivalDate)}`];
  for (const rcpt of r.recipients) {
    const address = oneLine(rcpt.address);
    lines.push(
      '',
      `Final-Recipient: ${ASCII.test(address) ? 'rfc822' : 'utf-8'}; ${address}`,
      'Action: failed',
      `Status: ${oneLine(rcpt.status)}`,
      `Diagnostic-Code: smtp; ${oneLine(rcpt.reply)}`,
      `Last-Attempt-Date: ${rfc5322Date(r.date)}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A delivery status notification as MIME, written by hand (it is simple): multipart/report;
 * report-type=delivery-status (RFC 6522 §3) with a text part for people, the message/delivery-status
 * part (RFC 3464) and the failed message's headers (text/rfc822-headers, RFC 6522 §4). Where
 * anything is not ASCII, the RFC 6533 types (message/global-delivery-status, message/global-headers)
 * are used, which allow UTF-8. Marked `Auto-Submitted: auto-replied` (RFC 3834 §5) so that
 * well-behaved systems never answer it.
 */
function compose(r: DsnReport): Buffer {
  const boundary = `=_dsn_${randomBytes(12).toString('hex')}`;
  const status = deliveryStatus(r);
  const global = !ASCII.test(status) || (r.originalHeaders !== null && !ASCII.test(r.originalHeaders.toString('latin1')));
  const head = [
    `From: "Mail Delivery System" <${oneLine(r.from)}>`,
    `To: <${oneLine(r.to)}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${rfc5322Date(r.date)}`,
    `Message-ID: ${oneLine(r.messageId)}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
  ].join('\r\n');
  const parts: Buffer[] = [
    Buffer.from(`${head}\r\n\r\nThis is a MIME-encapsulated message.\r\n\r\n--${boundary}\r\n`),
    Buffer.from(textPart('text/plain; charset=utf-8', r.explanation)),
    Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${global ? 'message/global-delivery-status' : 'message/delivery-status'}\r\n\r\n${status}`),
  ];
  if (r.originalHeaders !== null) {
    const headers = r.originalHeaders.toString('latin1').replace(/(\r?\n)+$/, '');
    parts.push(Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${global ? 'message/global-headers' : 'text/rfc822-headers'}\r\n\r\n`), Buffer.from(`${headers}\r\n`, 'latin1'));
  }
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

/** Writes delivery status notifications (core/ports.ts DsnComposer). */
export const dsnComposer: DsnComposer = { compose };
