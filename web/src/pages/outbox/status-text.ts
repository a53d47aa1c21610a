import type { OutboxStatus } from '../../api/contract-types.js';
import type { MessageKey } from '../../i18n/messages.js';

/** The words for each state: `accepted` is "Accepted by Microsoft", never "delivered". */
export const statusKey: Record<OutboxStatus, MessageKey> = {
  queued: 'outbox.status.queued',
  scheduled: 'outbox.status.scheduled',
  sending: 'outbox.status.sending',
  retrying: 'outbox.status.retrying',
  accepted: 'outbox.status.accepted',
  failed: 'outbox.status.failed',
  cancelled: 'outbox.status.cancelled',
};

/** The badge's look for each state. */
export const statusClass: Record<OutboxStatus, string> = {
  queued: 'status',
  scheduled: 'status',
  sending: 'status',
  retrying: 'status warning',
  accepted: 'status linked',
  failed: 'status danger',
  cancelled: 'status',
};
