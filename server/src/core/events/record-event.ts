import type { DomainEvent, NewEvent } from './domain-event.js';
import type { Store } from '../ports.js';
import { newId } from '../random-token.js';
import { subscribes } from '../webhooks/webhook.js';
import { webhookPayload } from '../webhooks/webhook-payload.js';

/**
 * Stores an event and, in the same transaction, what it owes each webhook endpoint that wants
 * it: an endpoint learns of every committed change at least once, and of nothing that rolled
 * back. Account events go to administrators' endpoints and to the account owner's; app events
 * (no account, or an account's own app) to administrators' and that owner's.
 */
export async function recordEvent(tx: Store, e: NewEvent, owner?: string | null): Promise<DomainEvent> {
  const event = await tx.events.append(e);
  const ownerId = owner !== undefined ? owner : e.accountId ? ((await tx.accounts.get(e.accountId))?.userId ?? null) : null;
  const endpoints = (await tx.webhooks.subscribers(ownerId)).filter((w) => subscribes(w, e.type));
  if (endpoints.length === 0) return event;
  const payload = JSON.stringify(webhookPayload(event));
  for (const w of endpoints) {
    await tx.webhooks.enqueue({ id: newId(), webhookId: w.id, eventId: event.id, eventType: e.type, payload, status: 'pending', attempts: 0, nextAttemptAt: e.at, createdAt: e.at });
  }
  return event;
}
