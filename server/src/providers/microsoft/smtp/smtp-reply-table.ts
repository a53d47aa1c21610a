import type { DiagnosisCode } from '../../../core/domain.js';

/**
 * What Mailbridge does with a reply: `token_refused`, refresh the token once and try again
 * (UnauthenticatedError); `rejected`, the diagnosis decides (core/diagnosis/outcomes.ts);
 * `too_large`, the message can never go; `throttled` and `unavailable`, try again later.
 */
export type SmtpEffect = 'token_refused' | 'rejected' | 'too_large' | 'throttled' | 'unavailable';

export interface SmtpReplyRow {
  /** The reply code (RFC 5321 §4.2), when the enhanced code alone is not enough. */
  code?: number;
  /** The enhanced status code (RFC 3463) that starts the reply's text. */
  enhanced: string;
  /** Words the text must contain, when Exchange reuses an enhanced code for several problems. */
  text?: RegExp;
  diagnosis: DiagnosisCode;
  effect: SmtpEffect;
}

/**
 * Exchange Online's SMTP submission replies (docs/microsoft.md §3, "SMTP replies Mailbridge recognises"), as data
 * (docs/architecture.md rule 6). The first matching row wins; a reply no row names falls back on
 * its class: 4xx try again later, 5xx fail with Microsoft's text (`smtpFallback`).
 */
export const smtpReplyTable: readonly SmtpReplyRow[] = [
  // XOAUTH2 refused: an expired or revoked token, one for another resource (Graph), no SMTP.Send,
  // or `user=` not the token's user. Exchange says 5.7.3 where RFC 4954 §6 would say 5.7.8.
  { code: 535, enhanced: '5.7.3', diagnosis: 'unknown', effect: 'token_refused' },
  // SMTP AUTH off for the organisation, by security defaults, or for the mailbox: every text.
  { enhanced: '5.7.139', diagnosis: 'smtp_auth_disabled', effect: 'rejected' },
  // From: an address the mailbox may not send as (at the end of DATA), or the envelope's MAIL FROM.
  { enhanced: '5.2.0', text: /SendAsDenied/i, diagnosis: 'send_as_denied', effect: 'rejected' },
  { enhanced: '5.7.60', diagnosis: 'send_as_denied', effect: 'rejected' },
  { enhanced: '5.2.0', text: /QuotaExceeded/i, diagnosis: 'mailbox_full', effect: 'rejected' },
  // Over the mailbox's maximum send size (RFC 3463 X.3.4 "too big for system", X.2.3 "exceeds administrative limit").
  { enhanced: '5.3.4', diagnosis: 'message_too_large', effect: 'too_large' },
  { enhanced: '5.2.3', diagnosis: 'message_too_large', effect: 'too_large' },
  { enhanced: '5.2.2', diagnosis: 'mailbox_full', effect: 'rejected' },
  // A recipient refused (RFC 3463 X.1.1 bad mailbox, X.1.3 bad syntax; Exchange's 5.1.10 not found).
  { enhanced: '5.1.1', diagnosis: 'invalid_recipients', effect: 'rejected' },
  { enhanced: '5.1.3', diagnosis: 'invalid_recipients', effect: 'rejected' },
  { enhanced: '5.1.10', diagnosis: 'invalid_recipients', effect: 'rejected' },
  // A 4th connection of the mailbox ("sender thread limit exceeded"): slow down.
  { code: 432, enhanced: '4.3.2', diagnosis: 'throttled', effect: 'throttled' },
];

/** A reply no row names, by its class (RFC 5321 §4.2.1): transient or permanent. */
export const smtpFallback: Record<'4' | '5', Pick<SmtpReplyRow, 'diagnosis' | 'effect'>> = {
  '4': { diagnosis: 'microsoft_unavailable', effect: 'unavailable' },
  '5': { diagnosis: 'unknown', effect: 'rejected' },
};
