import type { Actor } from '../domain.js';
import { NotFoundError } from '../errors.js';
import type { Store } from '../ports.js';
import type { OutboxMessage } from './outbox-message.js';

/**
 * A message the actor may see: an admin any; a user those of their accounts, decided by the
 * account's owner as it is now (a service mailbox's, owner null, are an admin's only: someone
 * who queued one as an admin and is no longer one sees it no more). Only when the account is gone
 * does who queued the message decide. Another's answers "not found", not "forbidden".
 */
export async function loadMessage(store: Store, actor: Actor, id: string): Promise<OutboxMessage> {
  const message = await store.outbox.get(id, { withContent: false });
  if (!message) throw new NotFoundError('Message');
  if (actor.role === 'admin') return message;
  const account = await store.accounts.get(message.accountId);
  if (account ? account.userId === actor.userId : message.userId === actor.userId) return message;
  throw new NotFoundError('Message');
}
