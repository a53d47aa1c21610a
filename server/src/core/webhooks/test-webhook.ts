import type { WebhookPayload } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { newId } from '../random-token.js';
import { loadWebhook } from './load-webhook.js';

/** POST /webhooks/{id}/test: a `webhook.test` event for this endpoint alone, delivered like any other. */
export async function testWebhook(deps: Deps, actor: Actor, id: string): Promise<void> {
  await loadWebhook(deps.store, actor, id);
  const now = deps.clock.now();
  const payload: WebhookPayload = { type: 'webhook.test', timestamp: now.toISOString(), data: {} };
  await deps.store.webhooks.enqueue({ id: newId(), webhookId: id, eventId: `test_${newId()}`, eventType: 'webhook.test', payload: JSON.stringify(payload), status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now });
  deps.webhooks.wake();
}
