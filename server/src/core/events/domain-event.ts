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
  /** New mail in an account's inbox (issue 11): once per message, keyed by its Message-ID or immutable id. */
  'message.received',
  'client_secret.expiring',
  'client_secret.expired',
  /** An app's certificate credential (issue 12): the same notices as a secret's, data adds `thumbprintSha256`. */
  'certificate.expiring',
  'certificate.expired',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Events about an app rather than a mailbox: stored without a sequence, data `{appId, accountId?,
 * expiresAt}` (and `thumbprintSha256` for a certificate's); `accountId` (also on the row) only when the app is an account's own.
 */
export const APP_EVENT_TYPES: ReadonlySet<EventType> = new Set(['client_secret.expiring', 'client_secret.expired', 'certificate.expiring', 'certificate.expired']);

export interface NewEvent {
  type: EventType;
  /** The account it is about; null for an organisation app's events. */
  accountId: string | null;
  messageId?: string;
  /** The event's payload (status, diagnosis code, …); never secrets or message content. */
  data: Record<string, unknown>;
  at: Date;
}

export interface DomainEvent extends NewEvent {
  id: string;
  /** 1, 2, 3… per account, in commit order; null for app events (APP_EVENT_TYPES). */
  sequence: number | null;
}
