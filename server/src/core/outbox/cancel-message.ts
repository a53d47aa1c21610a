import type { Actor } from '../domain.js';
import { ConflictError } from '../errors.js';
import type { Deps } from '../deps.js';
import { loadMessage } from './load-message.js';
import { messageEvent } from './message-event.js';
import type { OutboxMessage } from './outbox-message.js';
import { WAITING_STATUSES } from './outbox-message.js';
import { recordEvent } from '../events/record-event.js';

/**
 * POST /messages/{id}/cancel. Only a message still waiting (queued, scheduled, retrying) can be
 * cancelled, and not one whose hand-over to Microsoft may already have happened (its fate is
 * being checked). The change is conditional on the status: against a worker that claims it at
 * the same moment, exactly one wins, so a message ends cancelled or accepted, never both.
 */
export async function cancelMessage(deps: Deps, actor: Actor, id: string): Promise<OutboxMessage> {
  const message = await loadMessage(deps.store, actor, id);
  const now = deps.clock.now();
  const done = await deps.store.transaction(async (tx) => {
    const current = await tx.outbox.get(id, { withContent: false });
    if (!current || current.sendStartedAt !== null) return false;
    if (!(await tx.outbox.update(id, { status: 'cancelled', held: false, content: null, updatedAt: now }, { statuses: WAITING_STATUSES, sendNotStarted: true }))) return false;
    await recordEvent(tx, messageEvent(current, 'cancelled', now)!);
    return true;
  });
  if (!done) {
    const current = (await deps.store.outbox.get(id, { withContent: false })) ?? message;
    throw new ConflictError(`The message is ${current.status}${current.sendStartedAt ? ' (Microsoft may already have it)' : ''}; only queued, scheduled or retrying messages can be cancelled`);
  }
  return (await deps.store.outbox.get(id, { withContent: false }))!;
}
