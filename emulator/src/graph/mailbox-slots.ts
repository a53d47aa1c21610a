import { graphError } from './graph-error.js';

/** Graph allows 4 concurrent requests per app and mailbox (MICROSOFT.md §2, throttling). */
export const MAILBOX_CONCURRENCY = 4;

/** Counts in-flight Graph requests per mailbox; the fifth concurrent one gets a 429. */
export class MailboxSlots {
  private inFlight = new Map<string, number>();

  async run<T>(mailboxKey: string, latencyMs: number, fn: () => Promise<T> | T): Promise<T> {
    const current = this.inFlight.get(mailboxKey) ?? 0;
    if (current >= MAILBOX_CONCURRENCY) throw graphError('ApplicationThrottled', { retryAfter: '1' });
    this.inFlight.set(mailboxKey, current + 1);
    try {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      return await fn();
    } finally {
      const left = (this.inFlight.get(mailboxKey) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(mailboxKey);
      else this.inFlight.set(mailboxKey, left);
    }
  }
}
