import type { Actor } from '../domain.js';
import { NotFoundError } from '../errors.js';
import type { Store } from '../ports.js';
import type { OutboxMessage } from './outbox-message.js';

/**
 * A message the actor may see: an admin any; a user those of their accounts (and those they
 * queued, should the account be gone). Another's answers "not found", not "forbidden".
 */
export async function loadMessage(store: Store, actor: Actor, id: string): Promise<OutboxMessage> {
  const message = await store.outbox.get(id, { withContent: false });
  if (!message) throw new NotFoundError('Message');
  if (actor.role === 'admin' || message.userId === actor.userId) return message;
  const account = await store.accounts.get(message.accountId);
  if (account?.userId === actor.userId) return message;
  throw new NotFoundError('Message');
}
