import type { Deps } from '../deps.js';
import { newId } from '../random-token.js';
import type { WebhookDelivery } from './webhook.js';

/** Deliveries are retried for this long, then marked failed (issue 8). */
export const DELIVERY_WINDOW_MS = 24 * 60 * 60_000;
/** An endpoint that has failed everything for this long is disabled, and its owner sees why. */
export const DISABLE_AFTER_MS = 24 * 60 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * One attempt: signed with the current wall clock (receivers refuse timestamps more than
 * 5 minutes off) by every secret in force, posted without following redirects, 2xx within the
 * transport's timeout is success. Every attempt is logged; failures back off with full jitter.
 */
export async function deliverWebhook(deps: Deps, d: WebhookDelivery, owner: string): Promise<void> {
  const w = await deps.store.webhooks.get(d.webhookId);
  const now = deps.clock.now();
  // The owner must still be entitled: active, and an admin for an endpoint of every account.
  const ownerUser = w ? await deps.store.users.get(w.userId) : null;
  const entitled = ownerUser !== null && ownerUser.disabledAt === null && (w!.scope === 'own' || ownerUser.role === 'admin');
  if (!w || !w.enabled || !entitled) {
    await deps.store.webhooks.settle(d.id, owner, { status: 'failed', attempts: d.attempts, nextAttemptAt: now, updatedAt: now });
    return;
  }
  const signedAt = new Date();
  const secrets = [w.secret.reveal(), ...(w.previousSecret && w.previousSecretUntil && w.previousSecretUntil > now ? [w.previousSecret.reveal()] : [])];
  const headers = {
    'content-type': 'application/json',
    'webhook-id': d.eventId,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': deps.webhooks.signer.sign(secrets, d.eventId, signedAt, d.payload),
    'user-agent': 'Mailbridge-Webhooks/1',
  };
  const result = await deps.webhooks.transport.post(w.url, d.payload, headers);
  const attempt = d.attempts + 1;
  const ok = 'status' in result && result.status >= 200 && result.status < 300;
  const after = deps.clock.now();
  await deps.store.webhooks.recordAttempt({
    id: newId(), webhookId: w.id, eventId: d.eventId, eventType: d.eventType, attempt,
    statusCode: 'status' in result ? result.status : null, durationMs: Math.round(result.durationMs),
    error: 'error' in result ? result.error : ok ? null : `HTTP ${result.status}`, createdAt: after,
  });
  if (ok) {
    await deps.store.webhooks.settle(d.id, owner, { status: 'delivered', attempts: attempt, nextAttemptAt: after, updatedAt: after });
    if (w.failingSince) await deps.store.webhooks.update(w.id, { failingSince: null, updatedAt: after });
    return;
  }
  const ceiling = Math.min(MAX_BACKOFF_MS, deps.outbox.timing.retryBaseMs * 2 ** Math.min(30, attempt - 1));
  const next = new Date(after.getTime() + Math.max(50, deps.outbox.random() * ceiling));
  const expired = next.getTime() - d.createdAt.getTime() > DELIVERY_WINDOW_MS;
  await deps.store.webhooks.settle(d.id, owner, { status: expired ? 'failed' : 'pending', attempts: attempt, nextAttemptAt: next, updatedAt: after });
  const failingSince = w.failingSince ?? after;
  // Failing for 24 hours: by the clock, or because a delivery that has failed since before it
  // was owed just ran out of time.
  const failedLongEnough =
    after.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS ||
    (expired && failingSince.getTime() <= ((await deps.store.webhooks.firstAttemptAt(w.id, d.eventId)) ?? after).getTime());
  if (!w.failingSince) await deps.store.webhooks.update(w.id, { failingSince, updatedAt: after });
  if (failedLongEnough) {
    await deps.store.webhooks.update(w.id, { enabled: false, disabledReason: `Every delivery failed for 24 hours (last: ${'error' in result ? result.error : `HTTP ${result.status}`}); fix the receiver, then enable the endpoint again`, updatedAt: after });
  }
}
