import type { Actor } from '../domain.js';
import { ConflictError } from '../errors.js';
import type { Deps } from '../deps.js';
import { loadMessage } from './load-message.js';
import { cancelInTransaction } from './cancel-in-transaction.js';
import type { OutboxMessage } from './outbox-message.js';
import { WAITING_STATUSES } from './outbox-message.js';

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
    return cancelInTransaction(tx, id, now, { statuses: WAITING_STATUSES, sendNotStarted: true });
  });
  if (!done) {
    const current = (await deps.store.outbox.get(id, { withContent: false })) ?? message;
    throw new ConflictError(`The message is ${current.status}${current.sendStartedAt ? ' (Microsoft may already have it)' : ''}; only queued, scheduled or retrying messages can be cancelled`);
  }
  return (await deps.store.outbox.get(id, { withContent: false }))!;
}
