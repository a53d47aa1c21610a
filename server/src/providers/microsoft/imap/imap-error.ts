import type { ImapFlowError } from 'imapflow';
import { MailbridgeError, NotFoundError, ProviderRejectedError, ProviderUnavailableError, ThrottledError } from '../../../core/errors.js';
import { imapReplyTable, type ImapEffect, type ImapReplyRow } from './imap-reply-table.js';

/** imapflow's error for a tagged NO or BAD; anything else (no answer) has no `responseStatus`. */
export const isServerRefusal = (err: unknown): boolean => ['NO', 'BAD'].includes((err as ImapFlowError | null)?.responseStatus ?? '');

/** The server's words for a failure: its tagged answer or its BYE reason. */
export function serverText(err: unknown): string {
  const e = (err ?? {}) as ImapFlowError;
  const text = e.responseText ?? (typeof e.response === 'string' ? e.response : undefined) ?? e.reason ?? e.message ?? String(err);
  return String(text).replace(/\s+/g, ' ').trim();
}

/** The row of imap-reply-table.ts for a failure, or null for one the table does not name. */
export function imapReplyRow(err: unknown): ImapReplyRow | null {
  const e = (err ?? {}) as ImapFlowError;
  const code = (e.serverResponseCode ?? '').toUpperCase();
  const text = serverText(err);
  if (e.code === 'ETHROTTLE') return imapReplyTable.find((r) => r.effect === 'throttled' && r.text) ?? null;
  return imapReplyTable.find((r) => (r.code !== undefined && r.code === code) || (r.text !== undefined && r.text.test(text))) ?? null;
}

/** What to do about a failure: the table's effect; an unnamed NO/BAD is rejected, no answer at all unavailable. */
export function imapEffect(err: unknown): ImapEffect {
  return imapReplyRow(err)?.effect ?? (isServerRefusal(err) ? 'rejected' : 'unavailable');
}

/**
 * Any failure of an IMAP operation as a typed error (docs/architecture.md rule 5), named from
 * imap-reply-table.ts; a MailbridgeError (a token refused by Microsoft, the sink's) passes as it is.
 */
export function imapError(err: unknown, what = 'The IMAP operation'): MailbridgeError {
  if (err instanceof MailbridgeError) return err;
  const row = imapReplyRow(err);
  const effect = imapEffect(err);
  const microsoftText = serverText(err);
  const e = (err ?? {}) as ImapFlowError;
  switch (effect) {
    case 'throttled':
      return new ThrottledError(`Exchange Online asked to slow down: ${microsoftText}`, e.throttleReset ? Math.ceil(e.throttleReset / 1000) : undefined, { microsoftText, cause: err });
    case 'missing':
      return Object.assign(new NotFoundError('The folder or message'), { cause: err });
    case 'rejected':
      return new ProviderRejectedError(`${what} was refused by the mail server: ${microsoftText}`, { diagnosis: row?.diagnosis ?? 'unknown', microsoftText, params: { microsoftText }, cause: err });
    default:
      return new ProviderUnavailableError(`${what} failed: ${e.code ? `${e.code}: ` : ''}${microsoftText}`, undefined, { microsoftText, cause: err });
  }
}
