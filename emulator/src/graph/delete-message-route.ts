import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { graphHandler } from './graph-handler.js';
import { findItem, removeItem } from './mail-items.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { assertIdShape } from './read-permission.js';
import { assertMailbox } from './send-mail-route.js';

/**
 * DELETE /v1.0/me/messages/{id} → 204 (needs Mail.ReadWrite). Microsoft moves the item to Deleted
 * Items; the emulator keeps no Deleted Items folder and removes it.
 */
export function registerDeleteMessageRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  app.delete<{ Params: { id: string } }>('/v1.0/me/messages/:id', { config: { endpoint: 'deleteMessage' } }, graphHandler(ctx, slots, (call) => {
    const { token, user, req } = call;
    if (!hasPermission(token, 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
    assertMailbox(user);
    const id = (req.params as { id: string }).id;
    assertIdShape(id);
    const found = findItem(ctx, user, id);
    if (!found) throw graphError('ErrorItemNotFound');
    removeItem(ctx, user, found);
    return { status: 204 };
  }));
}
