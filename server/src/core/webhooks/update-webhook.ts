import type { WebhookPatch } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { checkWebhookUrl } from './check-webhook-url.js';
import { loadWebhook } from './load-webhook.js';
import type { Webhook } from './webhook.js';

/** PATCH /webhooks/{id}. Enabling an endpoint Mailbridge disabled clears the reason and its failure clock. */
export async function updateWebhook(deps: Deps, actor: Actor, id: string, patch: WebhookPatch): Promise<Webhook> {
  await loadWebhook(deps.store, actor, id);
  if (patch.url !== undefined) await checkWebhookUrl(deps, patch.url);
  await deps.store.webhooks.update(id, {
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled, ...(patch.enabled ? { disabledReason: null, failingSince: null } : {}) } : {}),
    updatedAt: deps.clock.now(),
  });
  if (patch.enabled) deps.webhooks.wake();
  return (await deps.store.webhooks.get(id))!;
}
