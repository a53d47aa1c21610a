import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../core/deps.js';
import { mailboxStateRoutes } from './mailbox-state-routes.js';
import { mailListRoutes } from './mail-list-routes.js';
import { mailMessageRoutes } from './mail-message-routes.js';
import { mailDownloadRoutes } from './mail-download-routes.js';
import { mailResponseRoutes } from './mail-response-routes.js';
import { mailFrameRoute } from './mail-frame-route.js';

/** Reading the mailbox (issue 11): everything under /api/v1/accounts/{id}/mailbox. */
export function mailboxRoutes(app: FastifyInstance, deps: Deps): void {
  mailboxStateRoutes(app, deps);
  mailListRoutes(app, deps);
  mailMessageRoutes(app, deps);
  mailDownloadRoutes(app, deps);
  mailFrameRoute(app, deps);
  mailResponseRoutes(app, deps);
}
