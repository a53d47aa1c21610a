import type { ApiErrorCode, DiagnosisCode, ErrorDetail } from '@mailbridge/contract';
import type { Problem } from './domain.js';

export interface MailbridgeErrorOptions {
  diagnosis?: DiagnosisCode;
  params?: Record<string, string>;
  microsoftText?: string;
  details?: ErrorDetail[];
  /** How many further problems `details` leaves out. */
  omitted?: number;
  /** Seconds to wait before trying again (Microsoft's Retry-After, or our own limit). */
  retryAfter?: number;
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
  readonly retryAfter?: number;

  constructor(code: ApiErrorCode, message: string, opts: MailbridgeErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    if (opts.diagnosis) this.diagnosis = opts.diagnosis;
    if (opts.params) this.params = opts.params;
    if (opts.microsoftText) this.microsoftText = opts.microsoftText;
    if (opts.details) this.details = opts.details;
    if (opts.omitted) this.omitted = opts.omitted;
    if (opts.retryAfter !== undefined) this.retryAfter = opts.retryAfter;
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

  /** The error as stored on an outbox row or sent to another process; `fromJSON` reads it back. */
  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      ...(this.diagnosis ? { diagnosis: this.diagnosis } : {}),
      ...(this.params ? { params: this.params } : {}),
      ...(this.microsoftText ? { microsoftText: this.microsoftText } : {}),
      ...(this.details ? { details: this.details } : {}),
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
    };
  }

  /** The same error again, of the class its code names. */
  static fromJSON(json: SerializedError): MailbridgeError {
    const { code, message, ...opts } = json;
    return new errorClasses[code](message, opts);
  }
}

export interface SerializedError {
  code: ApiErrorCode;
  message: string;
  diagnosis?: DiagnosisCode;
  params?: Record<string, string>;
  microsoftText?: string;
  details?: ErrorDetail[];
  retryAfter?: number;
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

/** Microsoft asked to slow down (429): `retryAfter` is its Retry-After, when it sent one. */
export class ThrottledError extends MailbridgeError {
  constructor(message: string, retryAfter: number | undefined, opts: MailbridgeErrorOptions = {}) {
    super('throttled', message, { diagnosis: 'throttled', ...opts, ...(retryAfter !== undefined ? { retryAfter } : {}), params: { retryAfter: String(Math.ceil(retryAfter ?? 60)), ...opts.params } });
  }
}

/** Microsoft did not answer usefully (5xx, network, timeout): worth trying again later. */
export class ProviderUnavailableError extends MailbridgeError {
  constructor(message: string, retryAfter?: number, opts: MailbridgeErrorOptions = {}) {
    super('provider_unavailable', message, { diagnosis: 'microsoft_unavailable', ...opts, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }
}

export class PayloadTooLargeError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('payload_too_large', message, opts);
  }
}

/** Mailbridge's own limit on attempts (sign-in, tokens, password changes): wait `retryAfter` seconds. */
export class RateLimitedError extends MailbridgeError {
  constructor(message: string, retryAfter: number) {
    super('rate_limited', message, { retryAfter });
  }
}

/** The account has no linked mailbox: link it first. */
export class NotLinkedError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('not_linked', message, opts);
  }
}

/** Our own fault: logged, never explained in detail to the caller. */
export class InternalError extends MailbridgeError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super('internal', message, opts);
  }
}

type ErrorClass = new (message: string, opts?: MailbridgeErrorOptions) => MailbridgeError;

/** One class per API error code (what the caller does next), so a stored error comes back whole. */
const errorClasses: Record<ApiErrorCode, ErrorClass> = {
  invalid_request: InvalidInputError,
  unauthenticated: class extends UnauthenticatedError {
    constructor(message: string, opts: MailbridgeErrorOptions = {}) {
      super(message);
      Object.assign(this, pick(opts));
    }
  },
  forbidden: class extends ForbiddenError {
    constructor(message: string, opts: MailbridgeErrorOptions = {}) {
      super(message);
      Object.assign(this, pick(opts));
    }
  },
  not_found: class extends MailbridgeError {
    constructor(message: string, opts: MailbridgeErrorOptions = {}) {
      super('not_found', message, opts);
    }
  },
  conflict: ConflictError,
  payload_too_large: PayloadTooLargeError,
  not_linked: NotLinkedError,
  reconnect_needed: ReconnectNeededError,
  app_problem: AppProblemError,
  provider_rejected: ProviderRejectedError,
  throttled: class extends ThrottledError {
    constructor(message: string, opts: MailbridgeErrorOptions = {}) {
      super(message, opts.retryAfter, opts);
    }
  },
  provider_unavailable: class extends ProviderUnavailableError {
    constructor(message: string, opts: MailbridgeErrorOptions = {}) {
      super(message, opts.retryAfter, opts);
    }
  },
  rate_limited: class extends RateLimitedError {
    constructor(message: string, opts: MailbridgeErrorOptions = {}) {
      super(message, opts.retryAfter ?? 60);
    }
  },
  internal: InternalError,
};

const pick = (o: MailbridgeErrorOptions) => Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'cause'));
