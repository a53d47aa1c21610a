import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import { requireAppFor } from '../apps/resolve-app.js';

/** A day: Microsoft drops a refresh token left unused for 90 days; each is used once in every one. */
export const DAY_MS = 86_400_000;

/**
 * Where in each period an account's keep-alive falls, from a hash of its id: every instance
 * computes the same slot, and the accounts spread evenly over the day.
 */
export function keepAliveOffset(accountId: string, periodMs: number): number {
  return createHash('sha256').update(accountId).digest().readUInt32BE(0) % periodMs;
}

/** The account's most recent slot at or before `now`. */
export function latestSlot(accountId: string, now: Date, periodMs: number): Date {
  const offset = keepAliveOffset(accountId, periodMs);
  return new Date(Math.floor((now.getTime() - offset) / periodMs) * periodMs + offset);
}

export interface KeepAliveOptions {
  /** A day; shorter in tests. */
  periodMs: number;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

/**
 * Keeps every linked mailbox's refresh token alive (issue 8): when an account's slot comes and its
 * refresh token was not used since, it is used now (AccessTokens.keepAlive), under the lease
 * `refresh:<account>` and checked again there, so of several instances exactly one asks
 * Microsoft, once per account per period, and never more than a period passes between uses.
 * A refused grant moves the account to reconnect_needed at once with its diagnosis and raises
 * `account.reconnect_needed` (AccessTokens records it as for any refresh); a passing problem
 * (Microsoft unavailable, another refresh under way) is tried again a little later.
 */
export class KeepAlive {
  /** The slot each account was last seen done for: an account is looked at once per period. */
  readonly #done = new Map<string, number>();
  readonly #retryAt = new Map<string, number>();

  constructor(private readonly deps: Deps, private readonly o: KeepAliveOptions) {}

  /** One pass over the linked accounts; the number of refresh tokens used. */
  async run(): Promise<number> {
    let used = 0;
    const seen = new Set<string>();
    for (const account of await this.deps.store.accounts.list()) {
      seen.add(account.id);
      if (account.status !== 'linked') continue;
      const now = this.deps.clock.now();
      const slot = latestSlot(account.id, now, this.o.periodMs).getTime();
      if (this.#done.get(account.id) === slot || (this.#retryAt.get(account.id) ?? 0) > now.getTime()) continue;
      try {
        const app = await requireAppFor(this.deps.store, account);
        const outcome = await this.deps.tokens.keepAlive(this.deps, account, app, new Date(slot));
        if (outcome === 'busy') continue; // its holder stores a fresh token: seen as used next pass
        this.#done.set(account.id, slot);
        this.#retryAt.delete(account.id);
        if (outcome === 'refreshed') used++;
      } catch (e) {
        // Retried after a twentieth of the period (72 minutes of a day); a revoked grant has
        // already unlinked the account (status reconnect_needed), so it is not tried again.
        this.#retryAt.set(account.id, now.getTime() + this.o.periodMs / 20);
        this.o.log.warn({ err: e, accountId: account.id }, 'keep-alive: using the refresh token failed');
      }
    }
    for (const id of this.#done.keys()) if (!seen.has(id)) this.#done.delete(id);
    return used;
  }
}
