import type { Actor } from '../domain.js';
import { NotFoundError } from '../errors.js';
import type { Store } from '../ports.js';
import type { Webhook } from './webhook.js';

/** An endpoint the actor may manage: their own, or any for an admin. Others' answer "not found". */
export async function loadWebhook(store: Store, actor: Actor, id: string): Promise<Webhook> {
  const w = await store.webhooks.get(id);
  if (!w || (actor.role !== 'admin' && w.userId !== actor.userId)) throw new NotFoundError('Webhook endpoint');
  return w;
}
