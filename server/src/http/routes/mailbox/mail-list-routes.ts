import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { listMailFolders } from '../../../core/mailbox/list-mail-folders.js';
import { listMailMessages } from '../../../core/mailbox/list-mail-messages.js';
import { defineRoute } from '../../define-route.js';
import { presentFolder, presentSummary } from './present-mail.js';

/** The folders and the message list, from what the sync stored. */
export function mailListRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.listMailFolders, async ({ deps, actor, params }) => ({
    items: (await listMailFolders(deps, actor, params.id!)).map(presentFolder),
  }));
  defineRoute(app, deps, endpoints.listMailMessages, async ({ deps, actor, params, query }) => {
    const page = await listMailMessages(deps, actor, params.id!, query);
    return { items: page.items.map(presentSummary), nextCursor: page.nextCursor };
  });
}
