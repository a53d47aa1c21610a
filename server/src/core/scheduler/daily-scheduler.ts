import type { Deps } from '../deps.js';
import { KeepAlive } from '../accounts/keep-alive.js';
import { checkSecretExpiry } from '../apps/secret-expiry.js';
import { pruneLogs } from './prune-logs.js';

export interface DailySchedulerOptions {
  /** A day (keep-alive.ts DAY_MS); shorter in tests, with the clock in Deps. */
  periodMs: number;
  /** How often, in real milliseconds, it looks for due work. */
  tickMs: number;
  log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

/**
 * The daily chores of a worker process (MAILBRIDGE_WORKERS=1), started beside the outbox worker:
 * every tick, the refresh tokens whose slot came (keep-alive.ts); every twenty-fourth of a period
 * (an hour of a day), client-secret expiry (secret-expiry.ts) and the pruning of old logs
 * (prune-logs.ts). Both are safe on several instances
 * at once: each uses its token or raises its notice exactly once across them.
 */
export class DailyScheduler {
  readonly #keepAlive: KeepAlive;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #lastSecretCheck = Number.NEGATIVE_INFINITY;
  #lastPrune = Number.NEGATIVE_INFINITY;
  #stopped = true;

  constructor(private readonly deps: Deps, private readonly o: DailySchedulerOptions) {
    this.#keepAlive = new KeepAlive(deps, o);
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** One pass now (the timer's, or a test's). */
  async runOnce(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (now - this.#lastSecretCheck >= this.o.periodMs / 24) {
      this.#lastSecretCheck = now;
      await checkSecretExpiry(this.deps).catch((e: unknown) => this.o.log.error({ err: e }, 'secret expiry: checking failed; trying again next time'));
    }
    await this.#keepAlive.run().catch((e: unknown) => this.o.log.error({ err: e }, 'keep-alive: the pass failed; trying again next time'));
    if (now - this.#lastPrune >= this.o.periodMs / 24) {
      this.#lastPrune = now;
      await pruneLogs(this.deps).catch((e: unknown) => this.o.log.error({ err: e }, 'pruning: failed; trying again next time'));
    }
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#running = this.runOnce().finally(() => {
        this.#running = null;
        if (!this.#stopped) this.#schedule(this.o.tickMs);
      });
    }, ms);
    this.#timer.unref?.();
  }
}
