import type { EmulatorContext } from '../state/context.js';
import { seededRng } from '../state/seeded-rng.js';
import type { AcceptedMessage, FaultSpec, MailboxLimits, ThrottleCounts } from '../state/types.js';
import { addFault } from './faults.js';

export interface AcceptedFilter { mailbox?: string; internetMessageId?: string; marker?: string }
/** What acceptedCounts() groups by: the test marker header, the Message-ID, or any X- header. */
export type AcceptedKey = 'marker' | 'internetMessageId' | { header: string };
export interface FaultState { spec: FaultSpec; remaining: number | null; fired: number }

const ZERO: ThrottleCounts = { concurrency: 0, messageRate: 0, uploadBytes: 0, injected: 0, total: 0 };
const LIMIT_KEYS = ['concurrency', 'messagesPerMinute', 'minuteMs', 'uploadBytesPerWindow', 'uploadWindowMs', 'uploadSessionMs', 'smtpConnections'] as const;
/** Limits that are lengths of time: at least 1 ms. */
const DURATIONS: ReadonlySet<string> = new Set(['minuteMs', 'uploadWindowMs', 'uploadSessionMs']);

/**
 * Control methods about traffic: injected faults, Exchange's per-mailbox limits and what they
 * refused, latency, the Sent Items lag, and the log of accepted messages. EmulatorControl
 * extends it; the HTTP routes are in traffic-routes.ts.
 */
export class TrafficControl {
  constructor(protected readonly ctx: EmulatorContext) {}

  private get traffic() { return this.ctx.store.traffic; }

  /** Queues a fault (see FaultSpec); throws on a malformed spec. */
  injectFault(spec: FaultSpec): void {
    addFault(this.ctx, spec);
  }

  /** The queued faults, with how many answers each has left (null = unlimited) and has given. */
  faults(): FaultState[] {
    return structuredClone(this.traffic.faults);
  }

  clearFaults(): void {
    this.traffic.faults = [];
  }

  /** Restarts the RNG that probabilistic faults draw from. */
  seedFaults(seed: number): void {
    if (!Number.isFinite(seed)) throw new Error('seed must be a number');
    this.traffic.random = seededRng(seed);
  }

  /** Delay added inside every Graph handler, so tests can build real concurrency (throttling). */
  setGraphLatency(ms: number): void {
    this.ctx.store.graphLatencyMs = ms;
  }

  /**
   * Changes Exchange's per-mailbox limits: `{concurrency: 0}` lifts the 4-request limit,
   * `{messagesPerMinute: 30}` turns on the rate limit, `minuteMs` shortens its window;
   * `uploadBytesPerWindow` (0 = off) and `uploadWindowMs` shrink the upload quota,
   * `uploadSessionMs` the lifetime of new upload sessions; `smtpConnections` (0 = unlimited) the
   * authenticated SMTP connections per mailbox that may submit at once.
   */
  setMailboxLimits(patch: Partial<MailboxLimits>): MailboxLimits {
    const next = { ...this.traffic.limits };
    for (const key of LIMIT_KEYS) {
      const v = patch[key];
      if (v === undefined) continue;
      const min = DURATIONS.has(key) ? 1 : 0;
      if (!Number.isInteger(v) || v < min) throw new Error(`${key} must be an integer of at least ${min}`);
      next[key] = v;
    }
    this.traffic.limits = next;
    return { ...next };
  }

  mailboxLimits(): MailboxLimits {
    return { ...this.traffic.limits };
  }

  /** 429s answered to one mailbox since the last reset, by cause. */
  throttleCounts(email: string): ThrottleCounts {
    return { ...(this.traffic.throttled.get(email.toLowerCase()) ?? ZERO) };
  }

  /** The same for every mailbox that got at least one 429, keyed by lower-cased email. */
  allThrottleCounts(): Record<string, ThrottleCounts> {
    return Object.fromEntries([...this.traffic.throttled].map(([k, v]) => [k, { ...v }]));
  }

  /** A just-sent message shows in Sent Items (GET, list, search) only this long after its send. */
  setSentItemsLag(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a non-negative number');
    this.traffic.sentItemsLagMs = ms;
  }

  /** Every acceptance (sendMail or draft send) since the last reset, oldest first. */
  accepted(filter: AcceptedFilter = {}): AcceptedMessage[] {
    return structuredClone(this.traffic.accepted.filter((a) =>
      (filter.mailbox === undefined || a.mailbox.toLowerCase() === filter.mailbox.toLowerCase())
      && (filter.internetMessageId === undefined || a.internetMessageId === filter.internetMessageId)
      && (filter.marker === undefined || a.marker === filter.marker)));
  }

  /** How many times each message was accepted, keyed by marker (default), Message-ID or an X- header. */
  acceptedCounts(by: AcceptedKey = 'marker'): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.traffic.accepted) {
      const key = by === 'marker' ? a.marker : by === 'internetMessageId' ? a.internetMessageId : a.headers[by.header.toLowerCase()];
      if (key === null || key === undefined) continue;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }
}
