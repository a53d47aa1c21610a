import type { DiagnosisCode } from '../../../core/domain.js';

/**
 * What Mailbridge does with an IMAP failure: `unavailable` and `throttled`, the connection is
 * dropped and made again later (with backoff); `missing`, the folder or message is gone (the sync
 * skips it, an on-demand operation reports it not found); `rejected`, the server will not do it.
 */
export type ImapEffect = 'unavailable' | 'throttled' | 'missing' | 'rejected';

export interface ImapReplyRow {
  /** A response code in brackets (RFC 5530 §3, RFC 3501 §7.1), upper case. */
  code?: string;
  /** Words of the text, for servers (Exchange) that send no response code. */
  text?: RegExp;
  diagnosis: DiagnosisCode;
  effect: ImapEffect;
}

/**
 * Tagged NO/BAD answers and BYE reasons, as data (docs/architecture.md rule 6). The first
 * matching row wins; any other NO or BAD is `rejected` with the server's text, and a failure
 * without an answer (connection refused, cut, timed out, TLS) is `unavailable` (imapError).
 */
export const imapReplyTable: readonly ImapReplyRow[] = [
  // RFC 5530 §3: temporary failures on the server's side.
  { code: 'UNAVAILABLE', diagnosis: 'microsoft_unavailable', effect: 'unavailable' },
  { code: 'SERVERBUG', diagnosis: 'microsoft_unavailable', effect: 'unavailable' },
  { code: 'INUSE', diagnosis: 'microsoft_unavailable', effect: 'unavailable' },
  { code: 'LIMIT', diagnosis: 'throttled', effect: 'throttled' },
  // RFC 5530 §3 NONEXISTENT, RFC 3501 §7.1 TRYCREATE (the target of a COPY/MOVE), RFC 5530 §3
  // EXPUNGEISSUED (another session expunged while we read).
  { code: 'NONEXISTENT', diagnosis: 'unknown', effect: 'missing' },
  { code: 'TRYCREATE', diagnosis: 'unknown', effect: 'missing' },
  { code: 'EXPUNGEISSUED', diagnosis: 'unknown', effect: 'missing' },
  { code: 'OVERQUOTA', diagnosis: 'mailbox_full', effect: 'rejected' },
  // Exchange Online sends no response codes. "Server Unavailable. 15" (or 21) when the mailbox's
  // back end cannot be reached, "User is authenticated but not connected." when the session has
  // no mailbox behind it (both quoted in client bug reports; not on Microsoft Learn, so treated
  // as passing): reconnect later.
  { text: /\bServer Unavailable\b/i, diagnosis: 'microsoft_unavailable', effect: 'unavailable' },
  { text: /\bauthenticated but not connected\b/i, diagnosis: 'microsoft_unavailable', effect: 'unavailable' },
  // Exchange's "Request is throttled. Suggested Backoff Time: N milliseconds" (imapflow waits the
  // time itself once, then fails with ETHROTTLE).
  { text: /\bRequest is throttled\b/i, diagnosis: 'throttled', effect: 'throttled' },
];
