import type { Deps } from '../deps.js';
import { messageEvent } from './message-event.js';
import { recordEvent } from '../events/record-event.js';
import { bounceFailedMessage } from '../relay/bounce-failed-message.js';

/**
 * Waiting messages (held ones too) whose retry budget has run out fail with their last
 * diagnosis (a relayed one with its delivery status notification). Bounded work per call; the
 * worker calls it every few seconds.
 */
export async function expireBudgets(deps: Pick<Deps, 'store' | 'clock' | 'outbox' | 'publicUrl'>): Promise<number> {
  const now = deps.clock.now();
  const ids = await deps.store.outbox.waitingIds({ dueBefore: new Date(now.getTime() - deps.outbox.timing.retryBudgetMs), limit: 100 });
  let failed = 0;
  let bounced = false;
  for (const id of ids) {
    const done = await deps.store.transaction(async (tx) => {
      const m = await tx.outbox.get(id, { withContent: false });
      if (!m) return false;
      if (!(await tx.outbox.update(id, { status: 'failed', held: false, updatedAt: now }, { statuses: ['queued', 'scheduled', 'retrying'] }))) return false;
      await recordEvent(tx, messageEvent(m, 'failed', now, m.lastDiagnosis)!);
      if (await bounceFailedMessage(tx, deps, m, m.lastDiagnosis, now)) bounced = true;
      return true;
    });
    if (done) failed++;
  }
  if (bounced) deps.outbox.wake();
  return failed;
}
