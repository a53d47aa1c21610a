import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { registerUploadChunkRoute } from './upload-chunk-route.js';
import { registerUploadSessionRoutes } from './upload-session-route.js';

/**
 * The upload URL's routes, in a scope of their own whose bodies are not parsed: a fragment PUT
 * reads its request stream itself, never holding more than the fragment.
 */
export async function registerUploadRoutes(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    registerUploadChunkRoute(scope, ctx, slots);
    registerUploadSessionRoutes(scope, ctx, slots);
  });
}
