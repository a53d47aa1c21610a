import type { FastifyInstance } from 'fastify';
import { endpoints, type WebhookView } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { decodeCursor, toPage } from '../../../core/paging/page-cursor.js';
import { createWebhook } from '../../../core/webhooks/create-webhook.js';
import { loadWebhook } from '../../../core/webhooks/load-webhook.js';
import { rotateWebhookSecret } from '../../../core/webhooks/rotate-webhook-secret.js';
import { testWebhook } from '../../../core/webhooks/test-webhook.js';
import { updateWebhook } from '../../../core/webhooks/update-webhook.js';
import type { Webhook } from '../../../core/webhooks/webhook.js';
import { defineRoute } from '../../define-route.js';

/** An endpoint as the API shows it: never its secret (that is shown once, on creation and rotation). */
const present = (w: Webhook): WebhookView => ({
  id: w.id,
  userId: w.userId,
  scope: w.scope,
  url: w.url,
  events: w.events,
  description: w.description,
  enabled: w.enabled,
  disabledReason: w.disabledReason,
  previousSecretUntil: w.previousSecretUntil?.toISOString() ?? null,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

/** Webhook endpoints: create (secret shown once), list, change, delete, rotate, test, delivery log. */
export function webhookRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.createWebhook, async ({ deps, actor, body }) => {
    const { webhook, secret } = await createWebhook(deps, actor, body);
    return { ...present(webhook), secret };
  });
  defineRoute(app, deps, endpoints.listWebhooks, async ({ deps, actor, query }) => {
    const page = await deps.store.webhooks.listPage(actor.role === 'admin' ? {} : { userId: actor.userId }, { after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: query.limit });
    const { items, nextCursor } = toPage(page);
    return { items: items.map(present), nextCursor };
  });
  defineRoute(app, deps, endpoints.patchWebhook, async ({ deps, actor, params, body }) => present(await updateWebhook(deps, actor, params.id!, body)));
  defineRoute(app, deps, endpoints.deleteWebhook, async ({ deps, actor, params }) => {
    await loadWebhook(deps.store, actor, params.id!);
    await deps.store.webhooks.delete(params.id!);
  });
  defineRoute(app, deps, endpoints.rotateWebhookSecret, async ({ deps, actor, params }) => {
    const { webhook, secret } = await rotateWebhookSecret(deps, actor, params.id!);
    return { ...present(webhook), secret };
  });
  defineRoute(app, deps, endpoints.testWebhook, async ({ deps, actor, params }) => {
    await testWebhook(deps, actor, params.id!);
  });
  defineRoute(app, deps, endpoints.listWebhookDeliveries, async ({ deps, actor, params, query }) => {
    await loadWebhook(deps.store, actor, params.id!);
    const page = toPage(await deps.store.webhooks.listAttempts(params.id!, { after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: query.limit }));
    return {
      items: page.items.map((a) => ({ id: a.id, eventId: a.eventId, eventType: a.eventType, attempt: a.attempt, statusCode: a.statusCode, durationMs: a.durationMs, error: a.error, at: a.createdAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  });
}
