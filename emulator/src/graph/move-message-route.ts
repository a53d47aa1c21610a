import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { User } from '../state/types.js';
import { itemToChange } from './attachment-target.js';
import { graphError } from './graph-error.js';
import { jsonBody, type GraphCall } from './graph-handler.js';
import { messageResult } from './get-message-route.js';
import { folderBySegment, folderMessages, ROOT, type FolderKey } from './mail-folders.js';
import { removeItem, type FoundItem } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { newRegularId } from './message-ids.js';
import { markChanged } from './message-view.js';
import { validateActionBody } from './schema-validate.js';

/**
 * Moves an item to another folder of its mailbox, as Exchange does: a new item there (a new
 * regular id; the immutable id stays, graph/outlook-immutable-id) and a new changeKey.
 */
export function moveItem(ctx: EmulatorContext, user: User, found: FoundItem, to: FolderKey): FoundItem {
  removeItem(ctx, user, found);
  const item = found.item;
  item.id = newRegularId();
  item.message.id = item.id;
  markChanged(item, ctx.clock.now());
  folderMessages(ctx.store.mailbox(user.id), to).push(item);
  return { folder: to, item };
}

/** POST messages/{id}/move `{destinationId}` (a folder id or well-known name; Mail.ReadWrite) → 201 with the moved message. */
export function registerMoveMessageRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  const handle = (call: GraphCall) => {
    const found = itemToChange(ctx, call);
    const { DestinationId } = validateActionBody(jsonBody(call), 'move@graph.message');
    if (typeof DestinationId !== 'string' || DestinationId === '') throw graphError('ErrorInvalidParameter', { params: { name: 'DestinationId' } });
    const to = folderBySegment(ctx, call.user, DestinationId);
    if (!to || to === ROOT) throw graphError('ErrorItemNotFound');
    return messageResult(call, moveItem(ctx, call.user, found, to), 201);
  };
  mailboxRoute(app, ctx, slots, 'POST', '/messages/:id/move', 'moveMessage', handle);
  mailboxRoute(app, ctx, slots, 'POST', '/mailFolders/:folder/messages/:id/move', 'moveMessage', handle);
}
