import { seededRng } from './seeded-rng.js';
import type { AcceptedMessage, FaultSpec, MailboxLimits, SmtpFaultSpec, SmtpSessionRecord, ThrottleCounts } from './types.js';

/** Seed of the fault RNG after start and reset(), so runs are reproducible by default. */
export const DEFAULT_FAULT_SEED = 20240607;

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<MailboxLimits> = {
  concurrency: 4, messagesPerMinute: 0, minuteMs: 60_000, uploadBytesPerWindow: 150 * MiB, uploadWindowMs: 300_000, uploadSessionMs: 900_000,
  smtpConnections: 3,
};

/** A queued fault of any kind: its spec, the answers it has left, how often it fired. */
export interface Queued<S> {
  spec: S;
  /** Answers left; null = unlimited. */
  remaining: number | null;
  fired: number;
}

export type ActiveFault = Queued<FaultSpec>;
export type ActiveSmtpFault = Queued<SmtpFaultSpec>;

/**
 * The first queued fault that `matches` and fires, in the order injected; one with a probability
 * draws from the seeded RNG each time it matches. Spent faults are removed. (HTTP and SMTP faults.)
 */
export function takeFirst<S extends { probability?: number | undefined }>(queue: Array<Queued<S>>, random: () => number, matches: (f: Queued<S>) => boolean): S | undefined {
  for (let i = 0; i < queue.length; i++) {
    const f = queue[i] as Queued<S>;
    if (!matches(f)) continue;
    if (f.spec.probability !== undefined && random() >= f.spec.probability) continue;
    f.fired += 1;
    if (f.remaining !== null) {
      f.remaining -= 1;
      if (f.remaining <= 0) queue.splice(i, 1);
    }
    return f.spec;
  }
  return undefined;
}

/**
 * A run's scratch state about traffic rather than the directory or mail: injected faults and
 * their RNG, Exchange's per-mailbox limits (and the upload quota) and what they refused, the
 * Sent Items lag, and the log of accepted messages. Never part of a snapshot.
 */
export class Traffic {
  faults: ActiveFault[] = [];
  /** Faults of the SMTP endpoint (injectSmtpFault). */
  smtpFaults: ActiveSmtpFault[] = [];
  random: () => number = seededRng(DEFAULT_FAULT_SEED);
  limits: MailboxLimits = { ...DEFAULT_LIMITS };
  /** Per user id: clock times of the messages accepted within the current window. */
  sendTimes = new Map<string, number[]>();
  /** Per app and user id: upload fragments accepted within the current upload window. */
  uploads = new Map<string, Array<{ at: number; bytes: number }>>();
  /** Per user email (lower-cased). */
  throttled = new Map<string, ThrottleCounts>();
  sentItemsLagMs = 0;
  /** Off in the embedded sandbox (recordRequests: false), so nothing accumulates there. */
  recordAccepted = true;
  accepted: AcceptedMessage[] = [];
  /** SMTP connections, oldest first (not kept when recordRequests is false). */
  smtpSessions: SmtpSessionRecord[] = [];

  reset(): void {
    this.faults = [];
    this.smtpFaults = [];
    this.smtpSessions = [];
    this.random = seededRng(DEFAULT_FAULT_SEED);
    this.limits = { ...DEFAULT_LIMITS };
    this.sendTimes.clear();
    this.uploads.clear();
    this.throttled.clear();
    this.sentItemsLagMs = 0;
    this.accepted = [];
  }

  /** Counts one 429 answered to `email` for `cause`. */
  countThrottle(email: string, cause: Exclude<keyof ThrottleCounts, 'total'>): void {
    const key = email.toLowerCase();
    const c = this.throttled.get(key) ?? { concurrency: 0, messageRate: 0, uploadBytes: 0, injected: 0, total: 0 };
    c[cause] += 1;
    c.total += 1;
    this.throttled.set(key, c);
  }
}
