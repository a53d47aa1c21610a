import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { Sensitive } from '../sensitive.js';
import { loadWebhook } from './load-webhook.js';
import type { Webhook } from './webhook.js';

/** How long the old secret keeps signing after a rotation, so receivers can switch without losing deliveries. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

/** POST /webhooks/{id}/rotate-secret: a new secret, shown once; the old one signs too for 24 hours. */
export async function rotateWebhookSecret(deps: Deps, actor: Actor, id: string): Promise<{ webhook: Webhook; secret: string }> {
  await loadWebhook(deps.store, actor, id);
  const now = deps.clock.now();
  const secret = deps.webhooks.signer.newSecret();
  // Read and replaced in one transaction (rotations are serialised on SQLite; on PostgreSQL two
  // at the very same moment can still race, the later one winning).
  const webhook = await deps.store.transaction(async (tx) => {
    const current = (await tx.webhooks.get(id))!;
    await tx.webhooks.update(id, { secret: new Sensitive(secret), previousSecret: current.secret, previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS), updatedAt: now });
    return (await tx.webhooks.get(id))!;
  });
  return { webhook, secret };
}
