import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { hasPermission } from './bearer-auth.js';
import { messageMime } from './build-mime.js';
import { graphError } from './graph-error.js';
import type { GraphCall } from './graph-handler.js';
import { itemToRead } from './get-message-route.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';

/**
 * GET messages/{id}/$value → 200 with the message's MIME (graph/outlook-get-mime-message). Its
 * body needs Mail.Read or Mail.ReadWrite: Mail.ReadBasic leaves the body out. Graph labels the
 * answer `text/plain` (docs/microsoft.md §2).
 */
export function registerMessageValueRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  const handle = async (call: GraphCall) => {
    const found = itemToRead(ctx, call);
    if (!hasPermission(call.token, 'Mail.Read', 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: await messageMime(call.user, found.item) };
  };
  mailboxRoute(app, ctx, slots, 'GET', '/messages/:id/$value', 'messageValue', handle);
  mailboxRoute(app, ctx, slots, 'GET', '/mailFolders/:folder/messages/:id/$value', 'messageValue', handle);
}
