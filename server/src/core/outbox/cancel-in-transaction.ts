import type { Store } from '../ports.js';
import { recordEvent } from '../events/record-event.js';
import { messageEvent } from './message-event.js';
import type { OutboxMessage } from './outbox-message.js';

/**
 * Cancels a message inside the caller's transaction, with its `message.cancelled` event, if it
 * is still as `expect` says (the update is conditional, so a worker claiming it at the same
 * moment wins or loses cleanly). Its content and files are dropped and its lease cleared. False if it
 * was not (any more) as expected.
 */
export async function cancelInTransaction(tx: Store, id: string, now: Date, expect: Parameters<Store['outbox']['update']>[2] = {}): Promise<boolean> {
  const m: OutboxMessage | null = await tx.outbox.get(id, { withContent: false });
  if (!m) return false;
  const patch = { status: 'cancelled', held: false, content: null, upload: null, leaseOwner: null, leaseExpiresAt: null, updatedAt: now } as const;
  if (!(await tx.outbox.update(id, patch, expect))) return false;
  await tx.attachments.deleteForMessage(id);
  await recordEvent(tx, messageEvent(m, 'cancelled', now)!);
  return true;
}
