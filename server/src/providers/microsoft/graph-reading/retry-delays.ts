
/**
 * How long the reader waits, as data (docs/architecture.md rule 6). Graph's `Retry-After` is
 * honoured as given; without it (Microsoft sometimes leaves it out of a 429) the reader backs off
 * exponentially from a few seconds (docs/microsoft.md §2 "Throttling and sending limits";
 * learn.microsoft.com graph/throttling, "Best practices to handle throttling").
 */
export const READER_DELAYS = {
  /** First wait after a throttled or failed request without `Retry-After`. */
  backoffMs: 2_000,
  /** The longest own backoff, and the longest `Retry-After` waited out inside one pass. */
  maxBackoffMs: 5 * 60_000,
  /** Throttling and 5xx answers retried inside one call before the error goes up. */
  retriesInSync: 5,
  /** For calls a person waits on (fetchMime, setFlags, move): few, and only short waits. */
  retriesOnDemand: 2,
  maxOnDemandWaitMs: 10_000,
  /** A poll is `pollMs` ± this share, so that many accounts do not poll in step. */
  pollJitter: 0.2,
} as const;

/**
 * The n-th backoff (n from 0): `base · 2^n`, capped, with "equal jitter" (half fixed, half
 * random) so retries of many accounts spread out yet never come at once.
 */
export function backoffDelay(attempt: number, random: () => number, base: number = READER_DELAYS.backoffMs, cap: number = READER_DELAYS.maxBackoffMs): number {
  const full = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (random() * full) / 2);
}

/** The wait before the next poll: `pollMs` ± 20 %. */
export function pollDelay(pollMs: number, random: () => number): number {
  return Math.max(0, Math.round(pollMs * (1 - READER_DELAYS.pollJitter + 2 * READER_DELAYS.pollJitter * random())));
}

export { pause } from '../../../core/pause.js';
