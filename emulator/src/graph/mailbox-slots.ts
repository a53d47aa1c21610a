import type { EmulatorContext } from '../state/context.js';
import type { User } from '../state/types.js';
import { graphError } from './graph-error.js';

/**
 * Counts in-flight Graph requests per app and mailbox: Graph allows 4 at once (docs/microsoft.md §2,
 * throttling); the next one gets 429 ApplicationThrottled. The limit is
 * `traffic.limits.concurrency` (0 = unlimited).
 */
export class MailboxSlots {
  private inFlight = new Map<string, number>();

  constructor(private readonly ctx: EmulatorContext) {}

  async run<T>(clientId: string, user: User, latencyMs: number, fn: () => Promise<T> | T): Promise<T> {
    const key = `${clientId}|${user.id}`;
    const traffic = this.ctx.store.traffic;
    const current = this.inFlight.get(key) ?? 0;
    if (traffic.limits.concurrency > 0 && current >= traffic.limits.concurrency) {
      traffic.countThrottle(user.email, 'concurrency');
      throw graphError('ApplicationThrottled', { retryAfter: '1' });
    }
    this.inFlight.set(key, current + 1);
    try {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      return await fn();
    } finally {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    }
  }
}
