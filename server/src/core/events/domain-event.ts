/**
 * Every state change of an account or a message raises one of these, stored in the same
 * transaction as the change (a transactional outbox of events: webhooks deliver them later).
 */
export const EVENT_TYPES = [
  'account.linked',
  'account.reconnect_needed',
  'account.unlinked',
  'message.queued',
  'message.accepted',
  'message.retrying',
  'message.failed',
  'message.cancelled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  type: EventType;
  accountId: string;
  messageId?: string;
  /** The event's payload (status, diagnosis code, …); never secrets or message content. */
  data: Record<string, unknown>;
  at: Date;
}

export interface DomainEvent extends NewEvent {
  id: string;
  /** 1, 2, 3… per account, in commit order. */
  sequence: number;
}
