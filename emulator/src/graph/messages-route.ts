import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { registerCreateDraftRoute } from './create-draft-route.js';
import { registerCreateReplyRoutes } from './create-reply-route.js';
import { registerDeltaRoute } from './delta-route.js';
import { registerMailFoldersRoutes } from './mail-folders-route.js';
import { registerMessageValueRoute } from './message-value-route.js';
import { registerMoveMessageRoute } from './move-message-route.js';
import { registerUpdateMessageRoute } from './update-message-route.js';
import { registerCreateUploadSessionRoute } from './create-upload-session-route.js';
import { registerDeleteMessageRoute } from './delete-message-route.js';
import { registerGetMessageRoute } from './get-message-route.js';
import { registerListAttachmentsRoute } from './list-attachments-route.js';
import { registerListMessagesRoute } from './list-messages-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { registerPostAttachmentRoute } from './post-attachment-route.js';
import { registerSendDraftRoute } from './send-draft-route.js';

/**
 * The message item routes: drafts (create, send), get, delete and list/search, and attachments
 * (add, list, upload session); folders, delta, $value, update, move, and replies and forwards. Creating, attaching and deleting need Mail.ReadWrite, reading
 * Mail.Read(Write), sending Mail.Send. The upload URL is served by upload-routes.ts.
 */
export function registerMessagesRoutes(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  registerCreateDraftRoute(app, ctx, slots);
  registerSendDraftRoute(app, ctx, slots);
  registerGetMessageRoute(app, ctx, slots);
  registerDeleteMessageRoute(app, ctx, slots);
  registerListMessagesRoute(app, ctx, slots);
  registerPostAttachmentRoute(app, ctx, slots);
  registerListAttachmentsRoute(app, ctx, slots);
  registerCreateUploadSessionRoute(app, ctx, slots);
  registerMailFoldersRoutes(app, ctx, slots);
  registerDeltaRoute(app, ctx, slots);
  registerMessageValueRoute(app, ctx, slots);
  registerUpdateMessageRoute(app, ctx, slots);
  registerMoveMessageRoute(app, ctx, slots);
  registerCreateReplyRoutes(app, ctx, slots);
}
