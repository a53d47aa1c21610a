import type { Actor } from '../domain.js';
import { ConflictError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { Store } from '../ports.js';
import { loadMessage } from './load-message.js';
import { messageEvent } from './message-event.js';
import type { OutboxMessage } from './outbox-message.js';
import { recordEvent } from '../events/record-event.js';
import { readyToSend } from '../accounts/service-mailbox.js';
import { isMethodProblem } from '../diagnosis/outcomes.js';

/**
 * POST /messages/{id}/retry: a failed message is queued again, due now, with a fresh retry
 * budget; a message held by `smtp_auth_disabled` goes again, at its time, once its account is
 * linked (the admin enabled SMTP AUTH meanwhile). Its draft and progress are kept, so a retry never sends it twice. Its files must still
 * be stored (MAILBRIDGE_ATTACHMENT_RETENTION after it failed).
 */
export async function retryMessage(deps: Deps, actor: Actor, id: string): Promise<OutboxMessage> {
  await loadMessage(deps.store, actor, id);
  const now = deps.clock.now();
  const done = await deps.store.transaction(async (tx) => {
    const current = await tx.outbox.get(id, { withContent: false });
    if (!current) return false;
    const account = await tx.accounts.get(current.accountId);
    if (!account) return false;
    if (!(await filesStored(tx, id))) throw new ConflictError('The message\'s files are no longer stored (they are kept for MAILBRIDGE_ATTACHMENT_RETENTION after a message fails): send it again');
    const held = !readyToSend(account);
    if (current.status !== 'failed') {
      // Only a hold whose cause Microsoft's side may have fixed meanwhile; its schedule is kept.
      if (!current.held || held || !isMethodProblem(current.lastDiagnosis?.diagnosis)) return false;
      const due = current.dueAt > now ? current.dueAt : now;
      return tx.outbox.update(id, { held: false, lastDiagnosis: null, nextAttemptAt: due, updatedAt: now }, { statuses: ['queued', 'retrying', 'scheduled'] });
    }
    const patch = { status: 'queued' as const, dueAt: now, nextAttemptAt: now, held, ...(held ? {} : { lastDiagnosis: null }), updatedAt: now };
    if (!(await tx.outbox.update(id, patch, { statuses: ['failed'] }))) return false;
    await recordEvent(tx, messageEvent(current, 'queued', now)!);
    return true;
  });
  if (!done) throw new ConflictError('Only a failed message, or one held by smtp_auth_disabled whose account is linked, can be retried');
  deps.outbox.wake();
  return (await deps.store.outbox.get(id, { withContent: false }))!;
}

/** Whether a message's files are all still stored (read in the retry's transaction, so no prune slips in between). */
async function filesStored(tx: Store, id: string): Promise<boolean> {
  const content = (await tx.outbox.get(id))?.content;
  const stored = content?.kind === 'message' ? content.message.attachments.filter((a) => !a.content) : [];
  return stored.length === 0 || (await tx.attachments.countStored(stored.map((a) => a.fileId))) === stored.length;
}
