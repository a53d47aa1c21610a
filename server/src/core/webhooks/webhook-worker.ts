import type { Deps } from '../deps.js';
import { randomToken } from '../random-token.js';
import { deliverWebhook } from './deliver-webhook.js';
import { TickLoop } from '../tick-loop.js';

/** Deliveries in flight per endpoint: a slow endpoint holds only its own slots, a fast one keeps up with a busy outbox. */
const PER_ENDPOINT = 16;
/** And per owner, whatever their number of endpoints: one user's dead receivers never fill the worker. */
const PER_OWNER = 16;
/**
 * A claimed delivery is another process's to take once its lease lapses (that process died): the
 * configured lease (MAILBRIDGE_LEASE_SECONDS), but never less than this, three times an attempt's
 * 10 s timeout (platform/webhook-http.ts), so that a live attempt, with its DNS lookup, database
 * writes and a busy process, is not sent a second time while it runs. Leases are not renewed.
 */
export const MIN_DELIVERY_LEASE_MS = 30_000;

/**
 * Delivers webhooks: woken when an event commits (and polling briefly otherwise), it leases due
 * deliveries endpoint by endpoint, at most a few per endpoint at once, so one slow or dead
 * receiver never delays another's deliveries.
 */
export class WebhookWorker {
  readonly #inFlight = new Map<string, { webhookId: string; userId: string; done: Promise<void> }>();
  readonly #loop: TickLoop;

  constructor(private readonly deps: Deps, private readonly o: { capacity: number; pollMs: number; leaseMs: number; log: { error(obj: object, msg: string): void } }) {
    this.#loop = new TickLoop(() => this.#tick(), o.pollMs, (e) => o.log.error({ err: e }, 'webhooks: claiming failed; trying again shortly'));
  }

  start(): void {
    this.#loop.start();
  }

  /** An event committed (or is about to): look in a moment. */
  wake(): void {
    this.#loop.wake();
  }

  async stop(graceMs = 5_000): Promise<void> {
    await this.#loop.stop();
    await Promise.race([Promise.allSettled([...this.#inFlight.values()].map((f) => f.done)), new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  async #tick(): Promise<void> {
    const now = this.deps.clock.now();
    const owner = `${this.deps.outbox.instanceId}:${randomToken(6)}`;
    for (const { webhookId, userId } of await this.deps.store.webhooks.dueEndpoints(now, 500)) {
      const flights = [...this.#inFlight.values()];
      const busy = flights.filter((f) => f.webhookId === webhookId).length;
      const owners = flights.filter((f) => f.userId === userId).length;
      const room = Math.min(PER_ENDPOINT - busy, PER_OWNER - owners, this.o.capacity - this.#inFlight.size);
      if (room <= 0) continue;
      const claimed = await this.deps.store.webhooks.claim(webhookId, owner, now, new Date(this.deps.clock.now().getTime() + Math.max(this.o.leaseMs, MIN_DELIVERY_LEASE_MS)), room, new Set(this.#inFlight.keys()));
      for (const d of claimed) {
        const done = deliverWebhook(this.deps, d, owner)
          .catch((e: unknown) => this.o.log.error({ err: e, deliveryId: d.id }, 'webhooks: delivery crashed; its lease will expire and it will be tried again'))
          .finally(() => {
            this.#inFlight.delete(d.id);
            this.#loop.wake();
          });
        this.#inFlight.set(d.id, { webhookId, userId, done });
      }
    }
  }
}
