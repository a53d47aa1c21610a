/**
 * Calls `tick` again and again, `intervalMs` after each one ends, or sooner when woken; a tick
 * that throws is reported to `onError` and the loop goes on. The workers' shared heartbeat.
 */
export class TickLoop {
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #wakePending = false;

  constructor(
    private readonly tick: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (e: unknown) => void,
  ) {}

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /**
   * Something changed: tick in a moment (a few ms, so that the caller's commit lands first).
   * Wakes that come while one is pending share it: a busy outbox wakes on every message.
   */
  wake(): void {
    if (this.#wakePending) return;
    this.#wakePending = true;
    setTimeout(() => {
      this.#wakePending = false;
      this.#wake?.();
    }, 5).unref();
  }

  /** Ticks no more; resolves once the tick under way has ended. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        await this.tick();
      } catch (e) {
        this.onError(e);
      }
      if (this.#running) await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.intervalMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#wake = done;
      });
    }
  }
}
