import type { WebhookPayload } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { newId } from '../random-token.js';
import { loadWebhook } from './load-webhook.js';
import { enforceRateLimit } from '../rate-limits/enforce-rate-limit.js';

/** POST /webhooks/{id}/test: a `webhook.test` event for this endpoint alone, delivered like any other. */
export async function testWebhook(deps: Deps, actor: Actor, id: string): Promise<void> {
  await loadWebhook(deps.store, actor, id);
  // Each test is a signed POST to a URL the caller chose: not a way to flood someone.
  await enforceRateLimit(deps, `webhook-test:${actor.userId}`, { max: 30, windowMs: 60_000 }, 'Too many test events; wait a minute');
  const now = deps.clock.now();
  const payload: WebhookPayload = { type: 'webhook.test', timestamp: now.toISOString(), data: {} };
  await deps.store.webhooks.enqueue({ id: newId(), webhookId: id, eventId: `test_${newId()}`, eventType: 'webhook.test', payload: JSON.stringify(payload), status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now });
  deps.webhooks.wake();
}
