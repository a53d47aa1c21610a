import type { OutboxMessage } from './outbox-message.js';
import { newTimeOrderedId } from '../random-token.js';

/** What a new outbox message says; the rest is a fresh message's bookkeeping. */
export type NewOutboxFields = Pick<OutboxMessage, 'accountId' | 'userId' | 'content' | 'recipientCount' | 'internetMessageId' | 'origin'> &
  Partial<Pick<OutboxMessage, 'lastDiagnosis' | 'held' | 'idempotencyKey' | 'requestHash'>>;

/**
 * A message as it enters the outbox (the API, the relay, a delivery status notification): not
 * yet tried, due at `dueAt` (now unless scheduled), `scheduled` when that is later than now.
 */
export function newOutboxMessage(fields: NewOutboxFields, now: Date, dueAt: Date = now): OutboxMessage {
  return {
    id: newTimeOrderedId(),
    status: dueAt > now ? 'scheduled' : 'queued',
    guarantee: null,
    attempts: 0,
    dueAt,
    nextAttemptAt: dueAt,
    createdAt: now,
    updatedAt: now,
    acceptedAt: null,
    lastDiagnosis: null,
    held: false,
    leaseOwner: null,
    leaseExpiresAt: null,
    draftId: null,
    sendStartedAt: null,
    upload: null,
    idempotencyKey: null,
    requestHash: null,
    ...fields,
  };
}
