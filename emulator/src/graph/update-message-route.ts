import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { itemToChange } from './attachment-target.js';
import { graphError } from './graph-error.js';
import { jsonBody, type GraphCall } from './graph-handler.js';
import { messageResult } from './get-message-route.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { MESSAGE_ID } from './message-ids.js';
import { markChanged } from './message-view.js';
import { validateMessage } from './schema-validate.js';
import { checkHeaders } from './submit-message.js';

type Json = Record<string, unknown>;

/** What a received or sent message lets a client change (graph/api/message-update); a draft takes any writable property. */
const ON_ANY_MESSAGE = new Set(['isRead', 'flag', 'categories', 'importance', 'inferenceClassification']);
/** Computed by Exchange, never written. */
const READ_ONLY = new Set(['id', 'changeKey', 'conversationId', 'conversationIndex', 'createdDateTime', 'lastModifiedDateTime', 'parentFolderId', 'hasAttachments', 'isDraft', 'bodyPreview', 'webLink', 'receivedDateTime', 'sentDateTime', 'uniqueBody']);

/**
 * PATCH messages/{id} (Mail.ReadWrite) → 200 with the message: isRead, flag, categories… on any
 * message; the content of a draft too (its internetMessageId included). A sent or received message refuses content changes with
 * ErrorInvalidPropertyUpdateSentMessage. Every change gives the item a new changeKey, which
 * shows in its folder's delta.
 */
export function registerUpdateMessageRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  const handle = (call: GraphCall) => {
    const found = itemToChange(ctx, call);
    const patch = jsonBody(call) as Json;
    validateMessage(patch);
    const message = found.item.message;
    for (const key of Object.keys(patch)) {
      if (READ_ONLY.has(key)) throw graphError('ErrorInvalidPropertySet', { params: { name: key } });
      if (message.isDraft !== true && !ON_ANY_MESSAGE.has(key)) throw graphError('ErrorInvalidPropertyUpdateSentMessage');
    }
    if (message.isDraft === true) checkHeaders({ ...message, ...patch });
    // A draft's internetMessageId is writable (message-update: "Updatable only if isDraft = true"); the sent message keeps it.
    const mid = patch.internetMessageId;
    if (mid !== undefined && (typeof mid !== 'string' || !MESSAGE_ID.test(mid))) throw graphError('ErrorInvalidInternetMessageId', { params: { value: String(mid) } });
    Object.assign(message, patch);
    // A draft made from MIME is rebuilt from its properties once they change (Graph edits no MIME in place).
    if (Object.keys(patch).some((k) => !ON_ANY_MESSAGE.has(k))) delete found.item.mime;
    if (typeof mid === 'string') found.item.internetMessageId = mid;
    markChanged(found.item, ctx.clock.now());
    ctx.store.touch('mail');
    return messageResult(call, found, 200);
  };
  mailboxRoute(app, ctx, slots, 'PATCH', '/messages/:id', 'updateMessage', handle);
  mailboxRoute(app, ctx, slots, 'PATCH', '/mailFolders/:folder/messages/:id', 'updateMessage', handle);
}
