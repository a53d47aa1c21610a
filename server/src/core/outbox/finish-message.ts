import type { Problem } from '../domain.js';
import type { Deps } from '../deps.js';
import type { OutboxMessage } from './outbox-message.js';
import { messageEvent } from './message-event.js';
import { recordEvent } from '../events/record-event.js';
import { bounceFailedMessage } from '../relay/bounce-failed-message.js';

/**
 * Ends an attempt: the message's new state and its event commit together, only if the claim
 * that started it (`message.leaseOwner`) still holds the message's lease. `held`: back to queued, waiting for a person.
 * A relayed message that fails gets its delivery status notification queued in the same transaction.
 */
export async function finishMessage(
  deps: Pick<Deps, 'store' | 'clock' | 'outbox' | 'publicUrl'>,
  message: OutboxMessage,
  to: 'accepted' | 'failed' | 'retrying' | 'held',
  problem: Problem | null,
  nextAttemptAt?: Date,
  /** Progress to forget with it (a refused message's draft, discarded). */
  forget: Partial<Pick<OutboxMessage, 'draftId' | 'sendStartedAt'>> = {},
): Promise<boolean> {
  const now = deps.clock.now();
  const status = to === 'held' ? 'queued' : to;
  const lease = { leaseOwner: null, leaseExpiresAt: null, updatedAt: now };
  const patch: Partial<OutboxMessage> =
    to === 'accepted'
      ? { ...lease, status, acceptedAt: now, lastDiagnosis: null, held: false, content: null, upload: null, guarantee: message.guarantee }
      : to === 'failed'
        ? { ...lease, status, lastDiagnosis: problem, upload: null, ...forget }
        : to === 'held'
          ? { ...lease, status, lastDiagnosis: problem, held: true, nextAttemptAt: now }
          : { ...lease, status, lastDiagnosis: problem, nextAttemptAt: nextAttemptAt ?? now };
  let bounced = false;
  const done = await deps.store.transaction(async (tx) => {
    const done = await tx.outbox.update(message.id, patch, { statuses: ['sending'], leaseOwner: message.leaseOwner ?? '' });
    if (!done) return false;
    // Microsoft has the files now.
    if (to === 'accepted') await tx.attachments.deleteForMessage(message.id);
    const event = to === 'held' ? null : messageEvent(message, status, now, problem);
    if (event) await recordEvent(tx, event);
    if (to === 'failed') bounced = await bounceFailedMessage(tx, deps, message, problem, now);
    return true;
  });
  if (bounced) deps.outbox.wake();
  return done;
}
