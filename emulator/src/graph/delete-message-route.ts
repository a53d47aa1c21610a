import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { itemToChange } from './attachment-target.js';
import { removeItem } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';

/**
 * DELETE /v1.0/me/messages/{id} (also under /users/{id | userPrincipalName}) → 204 (needs Mail.ReadWrite). Microsoft moves the item to Deleted
 * Items; the emulator keeps no Deleted Items folder and removes it.
 */
export function registerDeleteMessageRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'DELETE', '/messages/:id', 'deleteMessage', (call) => {
    removeItem(ctx, call.user, itemToChange(ctx, call));
    return { status: 204 };
  });
}
