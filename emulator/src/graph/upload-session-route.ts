import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { uploadHandler } from './upload-handler.js';
import { forgetSession } from './upload-sessions.js';
import { sessionStatus, UPLOAD_ROUTE } from './upload-url.js';

/**
 * GET {uploadUrl} → 200 with where the next fragment starts (how a client that lost its connection
 * in the middle of a fragment learns where to resume: graph/api/resources/uploadsession);
 * DELETE {uploadUrl} → 204, the upload cancelled (graph/outlook-large-attachments, "Cancel the
 * upload session").
 */
export function registerUploadSessionRoutes(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  const config = { endpoint: 'uploadSession' };
  app.get(UPLOAD_ROUTE, { config }, uploadHandler(ctx, slots, ({ session }) => ({ status: 200, body: sessionStatus(ctx, session) })));
  app.delete(UPLOAD_ROUTE, { config }, uploadHandler(ctx, slots, ({ session }) => {
    forgetSession(ctx, session);
    return { status: 204 };
  }));
}
