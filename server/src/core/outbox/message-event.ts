import type { Problem } from '../domain.js';
import type { EventType, NewEvent } from '../events/domain-event.js';
import type { OutboxMessage, OutboxStatus } from './outbox-message.js';

const TYPE_OF: Partial<Record<OutboxStatus, EventType>> = {
  queued: 'message.queued',
  scheduled: 'message.queued',
  retrying: 'message.retrying',
  accepted: 'message.accepted',
  failed: 'message.failed',
  cancelled: 'message.cancelled',
};

/**
 * The event a message's new status raises (none for `sending`, which is the worker's business).
 * The data names the status and the diagnosis code; never the message's content.
 */
export function messageEvent(m: Pick<OutboxMessage, 'id' | 'accountId' | 'internetMessageId'>, status: OutboxStatus, at: Date, problem?: Problem | null): NewEvent | null {
  const type = TYPE_OF[status];
  if (!type) return null;
  return {
    type,
    accountId: m.accountId,
    messageId: m.id,
    data: { messageId: m.id, status, internetMessageId: m.internetMessageId, ...(problem ? { diagnosis: problem.diagnosis } : {}) },
    at,
  };
}
