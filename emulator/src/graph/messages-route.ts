import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { registerCreateDraftRoute } from './create-draft-route.js';
import { registerDeleteMessageRoute } from './delete-message-route.js';
import { registerGetMessageRoute } from './get-message-route.js';
import { registerListMessagesRoute } from './list-messages-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { registerSendDraftRoute } from './send-draft-route.js';

/**
 * The message item routes: drafts (create, send), get, delete and list/search. Creating and
 * deleting need Mail.ReadWrite, reading Mail.Read(Write), sending Mail.Send.
 */
export function registerMessagesRoutes(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  registerCreateDraftRoute(app, ctx, slots);
  registerSendDraftRoute(app, ctx, slots);
  registerGetMessageRoute(app, ctx, slots);
  registerDeleteMessageRoute(app, ctx, slots);
  registerListMessagesRoute(app, ctx, slots);
}
