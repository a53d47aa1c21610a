import { seededRng } from './seeded-rng.js';
import type { AcceptedMessage, FaultSpec, MailboxLimits, ThrottleCounts } from './types.js';

/** Seed of the fault RNG after start and reset(), so runs are reproducible by default. */
export const DEFAULT_FAULT_SEED = 20240607;

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<MailboxLimits> = {
  concurrency: 4, messagesPerMinute: 0, minuteMs: 60_000, uploadBytesPerWindow: 150 * MiB, uploadWindowMs: 300_000, uploadSessionMs: 900_000,
};

export interface ActiveFault {
  spec: FaultSpec;
  /** Answers left; null = unlimited. */
  remaining: number | null;
  fired: number;
}

/**
 * A run's scratch state about traffic rather than the directory or mail: injected faults and
 * their RNG, Exchange's per-mailbox limits (and the upload quota) and what they refused, the
 * Sent Items lag, and the log of accepted messages. Never part of a snapshot.
 */
export class Traffic {
  faults: ActiveFault[] = [];
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

  reset(): void {
    this.faults = [];
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
