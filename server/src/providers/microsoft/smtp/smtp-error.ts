import { localizedParam } from '../../../core/diagnosis/describe.js';
import { MailbridgeError, PayloadTooLargeError, ProviderRejectedError, ProviderUnavailableError, ThrottledError, UnauthenticatedError } from '../../../core/errors.js';
import { smtpFallback, smtpReplyTable } from './smtp-reply-table.js';

/** Thrown on `535 5.7.3` so the outbox refreshes the token once and tries once more (core/outbox/deliver-claimed.ts). */
export class SmtpTokenRejected extends UnauthenticatedError {
  constructor(override readonly microsoftText: string) {
    super(`Exchange Online refused the access token for SMTP: ${microsoftText}`);
  }
}

/** What nodemailer's SMTP client puts on its errors. */
interface NodemailerSmtpError {
  code?: string;
  response?: string;
  command?: string;
  message?: string;
}

/** A refusal: its class, and the enhanced status code (RFC 3463) when the text starts with one. */
const REPLY = /^([45])\d\d(?:[ -](\d\.\d{1,3}\.\d{1,3})\b)?/;

/** An SMTP reply (`535 5.7.139 …`) as a typed error, named from smtp-reply-table.ts. */
export function smtpReplyError(reply: string): MailbridgeError {
  const microsoftText = reply.replace(/\s*\r?\n\s*/g, ' ').trim();
  const code = Number(microsoftText.slice(0, 3));
  const [, klass, enhanced] = REPLY.exec(microsoftText) ?? [];
  const row =
    smtpReplyTable.find((r) => r.enhanced === enhanced && (r.code === undefined || r.code === code) && (r.text === undefined || r.text.test(microsoftText))) ??
    smtpFallback[klass === '4' ? '4' : '5'];
  if (row.effect === 'token_refused') return new SmtpTokenRejected(microsoftText);
  const message = `Exchange Online refused the message: ${microsoftText}`;
  const opts = { diagnosis: row.diagnosis, params: { microsoftText, limit: localizedParam('limit.mailboxMaximum') }, microsoftText } as const;
  switch (row.effect) {
    case 'throttled':
      return new ThrottledError(message, undefined, opts);
    case 'unavailable':
      return new ProviderUnavailableError(`Exchange Online could not take the message now: ${microsoftText}`, undefined, opts);
    case 'too_large':
      return new PayloadTooLargeError(message, opts);
    default:
      return new ProviderRejectedError(message, opts);
  }
}

/**
 * Any failure of an SMTP attempt as a typed error: a server reply through the table; a refused
 * or failed STARTTLS (Mailbridge never goes on in clear, but to loopback), a network error, a
 * timeout or a connection cut (before or after DATA) as Microsoft being unavailable: the message
 * goes again later (SMTP accounts are at least once: a duplicate keeps its Message-ID).
 */
export function smtpError(err: unknown): MailbridgeError {
  if (err instanceof MailbridgeError) return err;
  const e = (err ?? {}) as NodemailerSmtpError;
  if (e.code === 'ETLS' || e.command === 'STARTTLS') {
    const why = e.response ? `it answered STARTTLS with ${e.response}` : (e.message ?? 'TLS failed');
    return new ProviderUnavailableError(`The SMTP server gave no TLS connection, and Mailbridge never sends in clear but to loopback: ${why}`, undefined, { cause: err });
  }
  if (typeof e.response === 'string' && REPLY.test(e.response)) return smtpReplyError(e.response);
  return new ProviderUnavailableError(`The connection to Exchange Online's SMTP server failed: ${e.code ?? 'error'}: ${e.message ?? String(err)}`, undefined, { cause: err });
}
