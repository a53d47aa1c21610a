import type { ApiErrorCode } from '@mailbridge/contract';
import { diagnosisOutcomes } from '../core/diagnosis/outcomes.js';
import type { DiagnosisCode } from '../core/domain.js';
import { MailbridgeError } from '../core/errors.js';

/** An SMTP reply: the code, and the text after it, which starts with the enhanced status code (RFC 3463). */
export interface Reply {
  code: number;
  text: string;
}

const reply = (line: string): Reply => ({ code: Number(line.slice(0, 3)), text: line.slice(4) });

/**
 * The relay's own answers, the SMTP side of the error table (docs/architecture.md rule 5).
 * Codes: RFC 5321 §4.2.2-4.2.3; enhanced codes: RFC 3463 (and the IANA registry); the AUTH ones:
 * RFC 4954 §6 (530 5.7.0, 535 5.7.8, 538 5.7.11, 454 4.7.0).
 */
export const RELAY_REPLIES = {
  /** RFC 4954 §4: a mechanism that sends the password in clear needs TLS first (RFC 3207 STARTTLS). */
  encryptionRequired: reply('538 5.7.11 Encryption required for requested authentication mechanism'),
  authInvalid: reply('535 5.7.8 Authentication credentials invalid'),
  /** A temporary refusal: clients try again later, by when the failure window has passed. */
  tooManyFailures: reply('454 4.7.0 Too many failed authentication attempts; try again later'),
  /** RFC 4954 §6: the credentials could not be checked now (our trouble, not the client's). */
  authUnavailable: reply('454 4.7.0 Temporary authentication failure; try again later'),
  authRequired: reply('530 5.7.0 Authentication required'),
  /** RFC 1870 §6.1; RFC 3463 §3.4 (5.3.4: message too big for system). */
  tooLarge: (max: number): Reply => reply(`552 5.3.4 Message size exceeds fixed maximum message size (${max} bytes)`),
  /** RFC 5321 §4.2.2 452; RFC 3463 §3.4 (4.3.1: mail system full): the relay holds too much DATA at once. */
  noStorage: reply('452 4.3.1 Insufficient system storage, try again later'),
  authenticated: reply('235 2.7.0 Authentication successful'),
  /** RFC 5321 §4.5.3.1.10: 452 for too many recipients; the client sends the rest in another transaction. */
  tooManyRecipients: reply('452 4.5.3 Too many recipients'),
  internal: reply('451 4.3.0 Local error in processing; try again later'),
  networkNotAllowed: (address: string): Reply => reply(`550 5.7.1 Client address ${address} is not allowed for this credential`),
  queued: (id: string): Reply => reply(`250 2.0.0 Ok: queued as ${id}`),
} as const;

/**
 * What the relay answers a core error with when it has no diagnosis: `null` means an error of
 * ours, answered 451 4.3.0 and logged. Permanent problems are 5xx, transient ones 4xx.
 */
const byCode: Record<ApiErrorCode, string | null> = {
  invalid_request: '550 5.6.0',
  unauthenticated: '530 5.7.0',
  forbidden: '550 5.7.1',
  not_found: null,
  conflict: null,
  payload_too_large: '552 5.3.4',
  // A mailbox never linked, or unlinked: the error's words say which (a person must act; the client may retry).
  not_linked: '451 4.7.0',
  reconnect_needed: diagnosisOutcomes.grant_expired.smtp,
  app_problem: diagnosisOutcomes.client_secret_invalid.smtp,
  provider_rejected: diagnosisOutcomes.unknown.smtp,
  throttled: diagnosisOutcomes.throttled.smtp,
  provider_unavailable: diagnosisOutcomes.microsoft_unavailable.smtp,
  rate_limited: '451 4.7.0',
  internal: null,
};

/**
 * The reply for an error a use case threw: its diagnosis's SMTP reply from the shared table
 * (core/diagnosis/outcomes.ts), else its code's above with the error's own words (which name
 * what is wrong, e.g. the addresses a sender may use). `unexpected`: log it, it is ours.
 */
export function replyForError(e: unknown): Reply & { unexpected: boolean } {
  if (!(e instanceof MailbridgeError)) return { ...RELAY_REPLIES.internal, unexpected: true };
  if (e.diagnosis) {
    const outcome = diagnosisOutcomes[e.diagnosis as DiagnosisCode];
    if (outcome) return { ...reply(outcome.smtp), unexpected: false };
  }
  const line = byCode[e.code];
  if (line === null || line === undefined) return { ...RELAY_REPLIES.internal, unexpected: true };
  // A code alone ("550 5.7.1") takes the error's message; a whole reply from the table stays as it is.
  return { ...reply(/^\d{3} \d\.\d{1,3}\.\d{1,3}$/.test(line) ? `${line} ${oneLine(e.message)}` : line), unexpected: false };
}

/** SMTP replies are one line of at most 512 octets (RFC 5321 §4.5.3.1.5): no line breaks, kept short. */
const oneLine = (s: string): string => {
  const flat = s.replace(/[\r\n\t]+/g, ' ');
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat;
};
