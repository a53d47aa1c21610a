import type { ApiErrorCode, DiagnosisCode, ErrorDetail } from '@mailbridge/contract';
import type { Problem } from './domain.js';

export interface MailbridgeErrorOptions {
  diagnosis?: DiagnosisCode;
  params?: Record<string, string>;
  microsoftText?: string;
  details?: ErrorDetail[];
  /** How many further problems `details` leaves out. */
  omitted?: number;
  cause?: unknown;
}

/** The longest text kept in a stored Problem; Microsoft's real descriptions are far shorter. */
export const PROBLEM_TEXT_MAX = 1_000;
const bounded = (s: string) => (s.length > PROBLEM_TEXT_MAX ? `${s.slice(0, PROBLEM_TEXT_MAX - 1)}…` : s);

/**
 * The one error base. `code` says what the caller does next (see the HTTP table in
 * http/error-status.ts); `diagnosis` names the problem for a person, with `params` for its text.
 * Serialisable, so it can be stored on rows and cross processes.
 */
export class MailbridgeError extends Error {
  readonly code: ApiErrorCode;
  readonly diagnosis?: DiagnosisCode;
  readonly params?: Record<string, string>;
  readonly microsoftText?: string;
  readonly details?: ErrorDetail[];
  readonly omitted?: number;

  constructor(code: ApiErrorCode, message: string, opts: MailbridgeErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    if (opts.diagnosis) this.diagnosis = opts.diagnosis;
    if (opts.params) this.params = opts.params;
    if (opts.microsoftText) this.microsoftText = opts.microsoftText;
    if (opts.details) this.details = opts.details;
    if (opts.omitted) this.omitted = opts.omitted;
  }

  /** The record kept on an account or app. */
  toProblem(at: Date): Problem {
    // Microsoft's text (also in params) can arrive on a callback URL anyone can craft: keep what is stored short.
    return {
      diagnosis: this.diagnosis ?? 'unknown',
      message: bounded(this.message),
      ...(this.params ? { params: Object.fromEntries(Object.entries(this.params).map(([k, v]) => [k, bounded(v)])) } : {}),
      ...(this.microsoftText ? { microsoftText: bounded(this.microsoftText) } : {}),
      at: at.toISOString(),
    };
  }

  toJSON() {
    return { name: this.name, code: this.code, message: this.message, diagnosis: this.diagnosis, params: this.params, microsoftText: this.microsoftText };
  }
}

/** Bad input from the caller: nothing was stored or sent. */
export class InvalidInputError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('invalid_request', message, opts);
  }
}

export class NotFoundError extends MailbridgeError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

export class ForbiddenError extends MailbridgeError {
  constructor(message = 'This needs an administrator') {
    super('forbidden', message);
  }
}

export class UnauthenticatedError extends MailbridgeError {
  constructor(message = 'A valid API key is required (Authorization: Bearer <key>)') {
    super('unauthenticated', message);
  }
}

export class ConflictError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('conflict', message, opts);
  }
}

/** The mailbox must be linked again by its user (grant expired, revoked, MFA, app changed…). */
export class ReconnectNeededError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('reconnect_needed', message, opts);
  }
}

/** The Microsoft app itself is wrong (secret, client ID): the admin fixes it once for everyone. */
export class AppProblemError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('app_problem', message, opts);
  }
}

/** Microsoft refused this request (recipients, permissions, size, mailbox). */
export class ProviderRejectedError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('provider_rejected', message, opts);
  }
}

export class ThrottledError extends MailbridgeError {
  /** Seconds Microsoft asked us to wait (Retry-After), when it said. */
  readonly retryAfter?: number;
  constructor(message: string, retryAfter: number | undefined, opts: MailbridgeErrorOptions = {}) {
    super('throttled', message, { diagnosis: 'throttled', ...opts, params: { retryAfter: String(retryAfter ?? 60), ...opts.params } });
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}

/** Microsoft did not answer usefully (5xx, network, timeout): worth trying again later. */
export class ProviderUnavailableError extends MailbridgeError {
  readonly retryAfter?: number;
  constructor(message: string, retryAfter?: number, opts: MailbridgeErrorOptions = {}) {
    super('provider_unavailable', message, { diagnosis: 'microsoft_unavailable', ...opts });
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}

export class PayloadTooLargeError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('payload_too_large', message, opts);
  }
}

/** Mailbridge's own limit on attempts (sign-in, tokens, password changes): wait `retryAfter` seconds. */
export class RateLimitedError extends MailbridgeError {
  readonly retryAfter: number;
  constructor(message: string, retryAfter: number) {
    super('rate_limited', message);
    this.retryAfter = retryAfter;
  }
}
