import type { Deps } from '../deps.js';
import { TickLoop } from '../tick-loop.js';
import { syncAccount } from './sync-account.js';

/** Every instance's heartbeat: how many processes share the accounts. */
const INSTANCE = 'mailbox-sync-instance:';
/** One per account being synced: held by exactly one process at a time. */
const ACCOUNT = 'mailbox-sync:';
/** An account whose sync needs a person (permission, IMAP off) is tried again after this long. */
export const PARKED_MS = 5 * 60_000;

interface Run {
  abort: AbortController;
  done: Promise<void>;
}

export interface MailboxSyncWorkerOptions {
  /** MAILBRIDGE_LEASE_SECONDS: a dead process's accounts are taken over once its leases lapse. */
  leaseMs: number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * Keeps the mailboxes whose reading is on in sync, each in exactly one process at a time. Every
 * third of a lease it renews its leases, counts the live processes (their heartbeat leases) and
 * holds its fair share of the accounts: it takes free ones up to that share and gives back what
 * is over it, so accounts spread evenly, and a dead process's accounts are taken over within a
 * lease and a tick (well under a minute with the default 30 s lease).
 */
export class MailboxSyncWorker {
  readonly #runs = new Map<string, Run>();
  /** Runs stopping (given back or turned off) whose lease is released once they end. */
  readonly #stopping = new Map<string, Promise<void>>();
  readonly #loop: TickLoop;

  constructor(private readonly deps: Deps, private readonly o: MailboxSyncWorkerOptions) {
    this.#loop = new TickLoop(() => this.#tick(), Math.max(500, Math.floor(o.leaseMs / 3)), (e) => o.log.error({ err: e }, 'mailbox sync: could not share out the accounts; trying again shortly'));
  }

  start(): void {
    this.#loop.start();
  }

  /** Reading was turned on or off somewhere: look now rather than at the next tick. */
  wake(): void {
    this.#loop.wake();
  }

  /** The accounts this process syncs now. */
  held(): string[] {
    return [...this.#runs.keys()];
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
    for (const id of [...this.#runs.keys()]) this.#giveBack(id);
    await Promise.allSettled([...this.#stopping.values()]);
    await this.deps.store.leases.release(`${INSTANCE}${this.#me}`, this.#me).catch(() => {});
  }

  get #me(): string {
    return this.deps.outbox.instanceId;
  }

  async #tick(): Promise<void> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const until = new Date(now.getTime() + this.o.leaseMs);
    await store.leases.acquire(`${INSTANCE}${this.#me}`, this.#me, until, now);
    for (const [id, run] of this.#runs) {
      // Lost (this process stalled past its lease and another took the account): stop at once.
      if (!(await store.leases.acquire(`${ACCOUNT}${id}`, this.#me, until, now))) {
        run.abort.abort();
        this.#runs.delete(id);
      }
    }
    const wanted = new Set(
      (await store.mailboxState.listReading())
        .filter((s) => s.status !== 'error' || now.getTime() - s.updatedAt.getTime() >= PARKED_MS)
        .map((s) => s.accountId),
    );
    for (const id of [...this.#runs.keys()]) if (!wanted.has(id)) this.#giveBack(id);
    const processes = Math.max(1, (await store.leases.live(INSTANCE, now)).length);
    const share = Math.ceil(wanted.size / processes);
    for (const id of [...this.#runs.keys()].slice(share)) this.#giveBack(id);
    const free = [...wanted].filter((id) => !this.#runs.has(id) && !this.#stopping.has(id));
    for (const id of shuffle(free, this.deps.outbox.random)) {
      if (this.#runs.size >= share || !this.#loop.running) break;
      if (await store.leases.acquire(`${ACCOUNT}${id}`, this.#me, until, now)) this.#start(id);
    }
  }

  #start(accountId: string): void {
    const abort = new AbortController();
    const done = syncAccount(this.deps, accountId, abort.signal, this.o.log)
      .catch((e: unknown) => this.o.log.error({ err: e, accountId }, 'mailbox sync: crashed; another tick starts it again'))
      .finally(() => {
        if (this.#runs.get(accountId)?.abort === abort) {
          // Ended by itself (it needs a person, or the account is gone): free for whoever looks next.
          this.#runs.delete(accountId);
          void this.deps.store.leases.release(`${ACCOUNT}${accountId}`, this.#me).catch(() => {});
        }
      });
    this.#runs.set(accountId, { abort, done });
  }

  /** Stops syncing the account here and releases its lease once the run has ended. */
  #giveBack(accountId: string): void {
    const run = this.#runs.get(accountId);
    if (!run) return;
    this.#runs.delete(accountId);
    run.abort.abort();
    const released = run.done
      .then(() => this.deps.store.leases.release(`${ACCOUNT}${accountId}`, this.#me))
      .catch(() => {})
      .finally(() => this.#stopping.delete(accountId));
    this.#stopping.set(accountId, released);
  }
}

/** Fisher–Yates: processes starting together don't all reach for the same accounts first. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
