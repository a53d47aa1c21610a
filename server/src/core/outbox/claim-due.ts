import type { Deps } from '../deps.js';
import { mailboxLimits } from './mailbox-limits.js';
import { cancelInTransaction } from './cancel-in-transaction.js';
import type { Store } from '../ports.js';
import { readyToSend } from '../accounts/service-mailbox.js';
import { randomToken } from '../random-token.js';

/** At most this many messages of one mailbox per claim, so one busy mailbox never fills a worker. */
const PER_ACCOUNT_BATCH = 4;
/** As the send-attempt log counts it (a minute plus a margin for the time a hand-over takes). */
const MINUTE = 63_000;

export interface ClaimResult {
  /** `owner`: this claim's own lease token (the process's id and a nonce): only it may finish them. */
  claimed: Array<{ id: string; accountId: string; owner: string }>;
  /** Mailboxes at their limits, and when each may have room again (the worker skips them until then). */
  blocked: Map<string, Date>;
}

/**
 * Claims due messages for this process under Exchange Online's per-mailbox limits, held across
 * every instance: in one short transaction per mailbox (no network call inside), the mailbox's
 * claims are serialised, its live `sending` messages and its rolling minute and day are counted,
 * and at most what fits is leased. `accounts` (from `store.outbox.dueAccounts`, the longest
 * waiting first) are visited in turn and each gets a small batch: fair scheduling, one busy
 * mailbox never slows the others.
 */
export async function claimDue(deps: Pick<Deps, 'store' | 'clock' | 'outbox'>, capacity: number, accounts: readonly string[], inFlight: ReadonlySet<string> = new Set()): Promise<ClaimResult> {
  const result: ClaimResult = { claimed: [], blocked: new Map() };
  if (capacity <= 0) return result;
  const now = deps.clock.now();
  // A lease per claim, not per process: should this process's own lease lapse mid-send and it
  // claim the message again, the first attempt can no longer record or finish anything.
  const owner = `${deps.outbox.instanceId}:${randomToken(6)}`;
  const leaseUntil = new Date(now.getTime() + deps.outbox.timing.leaseMs);
  for (const accountId of accounts) {
    const room = capacity - result.claimed.length;
    if (room <= 0) break;
    const ids = await deps.store.transaction(async (tx) => {
      await tx.outbox.lockAccount(accountId);
      const account = await tx.accounts.get(accountId);
      if (!account) {
        await cancelOrphans(tx, accountId, now);
        return [];
      }
      if (!readyToSend(account)) return [];
      const limits = mailboxLimits(account);
      const sending = await tx.outbox.countSending(accountId, now);
      const usage = await tx.sendAttempts.usage(accountId, now);
      const fits = Math.min(room, PER_ACCOUNT_BATCH, limits.concurrency - sending, limits.perMinute - usage.lastMinute);
      if (fits <= 0) {
        // Full for this minute: room again when the oldest attempt of the minute leaves it. The
        // waiting messages say so (nextAttemptAt), and are not due, so not looked at, until then.
        if (limits.perMinute - usage.lastMinute <= 0 && usage.oldestInMinute) {
          const until = new Date(usage.oldestInMinute.getTime() + MINUTE);
          result.blocked.set(accountId, until);
          await tx.outbox.postpone(accountId, until, now);
        }
        return [];
      }
      let recipients = usage.recipientsLastDay;
      const chosen: string[] = [];
      for (const c of await tx.outbox.claimable(accountId, now, fits, inFlight)) {
        // A message larger than the whole day's allowance still goes, alone, on a fresh day.
        if (recipients + c.recipientCount > limits.recipientsPerDay && recipients > 0) {
          const until = new Date(now.getTime() + 5 * MINUTE);
          result.blocked.set(accountId, until);
          await tx.outbox.postpone(accountId, until, now);
          break;
        }
        recipients += c.recipientCount;
        chosen.push(c.id);
        await tx.sendAttempts.record(accountId, now, c.recipientCount);
      }
      await tx.outbox.claim(chosen, owner, now, leaseUntil);
      return chosen;
    });
    for (const id of ids) result.claimed.push({ id, accountId, owner });
  }
  return result;
}

/** Messages left behind by a deleted account (a process died sending one): cancelled, with their events. */
async function cancelOrphans(tx: Store, accountId: string, now: Date): Promise<void> {
  for (const c of await tx.outbox.claimable(accountId, now, 100)) await cancelInTransaction(tx, c.id, now);
}
