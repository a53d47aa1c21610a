import type { Deps } from '../deps.js';
import { claimDue } from './claim-due.js';
import { deliverClaimed } from './deliver-claimed.js';
import { expireBudgets } from './expire-budgets.js';
import { GiveWay } from './give-way.js';

/** How long a list of mailboxes with due messages is reused before it is looked up again. */
const DUE_LIST_MS = 250;

/** The pause between messages while the worker gives way to intake (give-way.ts). */
const GIVE_WAY_PAUSE_MS = 100;

export interface WorkerOptions {
  /** Messages this process sends at once (across all mailboxes). */
  capacity: number;
  /** How often to look for due work when nothing wakes the worker. */
  pollMs: number;
  log: { error(obj: object, msg: string): void };
}

/**
 * Delivers the outbox: claims due messages (claim-due.ts), sends each (deliver-claimed.ts),
 * keeps their leases alive while they are in flight, fails messages whose budget ran out, and
 * stops cleanly: `stop()` claims nothing more, lets in-flight sends finish for a grace period,
 * then gives back what is still leased so another instance can take it at once.
 */
export class OutboxWorker {
  readonly #inFlight = new Map<string, Promise<void>>();
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  readonly #notBefore = new Map<string, number>();
  /** Mailboxes with due messages, looked up at most every DUE_LIST_MS, visited in turn. */
  #due: { accounts: string[]; at: number } = { accounts: [], at: 0 };
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #lastSweep = 0;
  readonly #giveWay = new GiveWay();

  constructor(private readonly deps: Deps, private readonly o: WorkerOptions) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#heartbeat = setInterval(() => void this.#renew(), Math.max(500, this.deps.outbox.timing.leaseMs / 3));
    this.#loop = this.#run();
  }

  /**
   * Something changed (a message queued, an account linked, its limits raised): look now, afresh,
   * at every mailbox (a full one postpones its new messages, so they say when they go).
   */
  wake(): void {
    this.#giveWay.noteIntake(Date.now());
    this.#due.at = 0;
    this.#notBefore.clear();
    this.#wake?.();
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    // Leases stay renewed while in-flight sends get their grace period.
    const deadline = new Promise((r) => setTimeout(r, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.#inFlight.values()]), deadline]);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    // What has not reached Microsoft yet goes back at once; a send under way keeps its lease
    // until it runs out, so no other instance sends it while this one might still be.
    const left = [...this.#inFlight.keys()];
    if (left.length) await this.deps.store.outbox.handBack(this.deps.outbox.instanceId, left);
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      if (this.#giveWay.now(Date.now())) {
        await this.#oneAtATime();
        continue;
      }
      const claimedAny = await this.#claim(this.o.capacity - this.#inFlight.size);
      if (!this.#running) break;
      if (!claimedAny) await this.#sleep(this.o.pollMs);
      // Claim in batches: wait until a quarter of the capacity is free again (each finished
      // send wakes the loop) rather than claiming after every single one.
      while (this.#running && this.#inFlight.size > this.o.capacity * 0.75) await this.#sleep(this.o.pollMs);
    }
  }

  /** A turn while giving way to intake: one message if none is in flight, then a pause wakes do not cut short. */
  async #oneAtATime(): Promise<void> {
    if (this.#inFlight.size === 0) await this.#claim(1);
    await new Promise((resolve) => setTimeout(resolve, GIVE_WAY_PAUSE_MS));
  }

  /** Claims and starts up to `room` messages; whether it claimed any (a failure is logged, and counts as none). */
  async #claim(room: number): Promise<boolean> {
    try {
      return await this.#tick(room);
    } catch (e) {
      this.o.log.error({ err: e }, 'outbox: claiming failed; trying again shortly');
      return false;
    }
  }

  async #tick(room: number): Promise<boolean> {
    const now = this.deps.clock.now().getTime();
    if (now - this.#lastSweep > 5_000) {
      this.#lastSweep = now;
      await expireBudgets(this.deps);
    }
    for (const [account, until] of this.#notBefore) if (until <= now) this.#notBefore.delete(account);
    if (this.#due.accounts.length === 0 || Date.now() - this.#due.at > DUE_LIST_MS) {
      this.#due = { accounts: await this.deps.store.outbox.dueAccounts(this.deps.clock.now(), 500), at: Date.now() };
    }
    const candidates = this.#due.accounts.filter((a) => !this.#notBefore.has(a));
    const { claimed, blocked } = await claimDue(this.deps, room, candidates, new Set(this.#inFlight.keys()));
    for (const [account, until] of blocked) this.#notBefore.set(account, until.getTime());
    // Served mailboxes go to the back of the line; those with nothing left drop out of it.
    const served = new Set(claimed.map((c) => c.accountId));
    const idle = new Set(candidates.slice(0, candidates.findIndex((a) => served.has(a)) + 1).filter((a) => !served.has(a)));
    if (claimed.length === 0) this.#due.accounts = [];
    else this.#due.accounts = [...this.#due.accounts.filter((a) => !served.has(a) && !idle.has(a)), ...served];
    for (const { id, owner } of claimed) {
      const p = deliverClaimed(this.deps, id, owner)
        .catch((e: unknown) => this.o.log.error({ err: e, messageId: id }, 'outbox: delivery crashed; the lease will expire and it will be tried again'))
        .finally(() => {
          this.#inFlight.delete(id);
          this.#wake?.(); // room for more: the loop decides when to claim
          this.deps.webhooks.wake(); // its event (accepted, retrying, failed) is committed: deliver it now
        });
      this.#inFlight.set(id, p);
    }
    return claimed.length > 0;
  }

  async #renew(): Promise<void> {
    if (this.#inFlight.size === 0) return;
    const until = new Date(this.deps.clock.now().getTime() + this.deps.outbox.timing.leaseMs);
    await this.deps.store.outbox.renewLeases(this.deps.outbox.instanceId, [...this.#inFlight.keys()], until).catch((e: unknown) => this.o.log.error({ err: e }, 'outbox: renewing leases failed'));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
