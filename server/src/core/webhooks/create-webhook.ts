import type { WebhookCreate } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { ConflictError } from '../errors.js';
import { newId } from '../random-token.js';
import { Sensitive } from '../sensitive.js';
import { checkWebhookUrl } from './check-webhook-url.js';
import type { Webhook } from './webhook.js';

/** Each endpoint multiplies every event into deliveries: a handful is what an application needs. */
export const MAX_ENDPOINTS_PER_USER = 20;

/**
 * POST /webhooks: an administrator's endpoint receives every account's events and app events; a
 * user's, their own accounts'. The signing secret is returned here only, and stored encrypted.
 */
export async function createWebhook(deps: Deps, actor: Actor, input: WebhookCreate): Promise<{ webhook: Webhook; secret: string }> {
  if ((await deps.store.webhooks.count(actor.userId)) >= MAX_ENDPOINTS_PER_USER) {
    throw new ConflictError(`At most ${MAX_ENDPOINTS_PER_USER} webhook endpoints per user; delete one first`);
  }
  await checkWebhookUrl(deps, input.url);
  const now = deps.clock.now();
  const secret = deps.webhooks.signer.newSecret();
  const webhook: Webhook = {
    id: newId(),
    userId: actor.userId,
    scope: actor.role === 'admin' ? 'all' : 'own',
    url: input.url,
    events: [...new Set(input.events)],
    description: input.description ?? null,
    enabled: true,
    disabledReason: null,
    secret: new Sensitive(secret),
    previousSecret: null,
    previousSecretUntil: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.webhooks.create(webhook);
  return { webhook, secret };
}
