/**
 * Graph allows 4 concurrent requests per app and mailbox (learn.microsoft.com graph/throttling-limits,
 * "MailboxConcurrency"); more are answered 429. Requests beyond that wait their turn here instead.
 */
export const GRAPH_MAILBOX_CONCURRENCY = 4;

export class MailboxSlots {
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit = GRAPH_MAILBOX_CONCURRENCY) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    await this.#acquire(key);
    try {
      return await work();
    } finally {
      this.#release(key);
    }
  }

  #acquire(key: string): Promise<void> {
    const n = this.#active.get(key) ?? 0;
    if (n < this.limit) {
      this.#active.set(key, n + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.#waiting.get(key) ?? [];
      queue.push(resolve);
      this.#waiting.set(key, queue);
    });
  }

  #release(key: string): void {
    const next = this.#waiting.get(key)?.shift();
    if (next) return next(); // the slot passes straight to the next waiter
    if (this.#waiting.get(key)?.length === 0) this.#waiting.delete(key);
    const n = (this.#active.get(key) ?? 1) - 1;
    if (n === 0) this.#active.delete(key);
    else this.#active.set(key, n);
  }
}
