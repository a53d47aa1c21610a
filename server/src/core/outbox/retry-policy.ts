/**
 * The outbox's timing, from MAILBRIDGE_RETRY_BASE_SECONDS, MAILBRIDGE_RETRY_BUDGET,
 * MAILBRIDGE_LEASE_SECONDS and MAILBRIDGE_ATTACHMENT_RETENTION.
 */
export interface OutboxTiming {
  retryBaseMs: number;
  /** How long a message may keep trying, counted from its due time. */
  retryBudgetMs: number;
  leaseMs: number;
  /** How long a failed message keeps its files. */
  attachmentRetentionMs: number;
}

/** No single wait longer than this, whatever the attempt number (Microsoft's longest reported Retry-After is minutes). */
const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * When to try again: Microsoft's Retry-After when it sent one (plus a little jitter, so many
 * messages of one mailbox don't return at the same instant), else exponential backoff with full
 * jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, base·2^(n-1)].
 */
export function nextAttemptDelayMs(attempt: number, retryAfterSeconds: number | undefined, timing: OutboxTiming, random: () => number): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000 + random() * Math.min(1000, timing.retryBaseMs);
  const ceiling = Math.min(MAX_BACKOFF_MS, timing.retryBaseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.max(50, random() * ceiling);
}

/** Whether a message due at `dueAt` may still be tried at `at`. */
export const withinBudget = (dueAt: Date, at: Date, timing: OutboxTiming): boolean => at.getTime() - dueAt.getTime() < timing.retryBudgetMs;
