import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { User } from '../state/types.js';
import { graphError } from './graph-error.js';
import type { GraphCall } from './graph-handler.js';
import { folderBySegment, ROOT, type FolderKey } from './mail-folders.js';
import { listItems, renderMessage } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { IMMUTABLE_APPLIED, wantsImmutableIds } from './message-ids.js';
import { parseMessageQuery, project } from './odata-query.js';
import { assertCanRead } from './read-permission.js';
import { assertMailbox } from './send-mail-route.js';

/** The next page's URL: the same request with $skip moved on. */
function nextLink(ctx: EmulatorContext, req: FastifyRequest, skip: number): string {
  const url = new URL(req.url, ctx.baseUrl || 'http://emulator');
  url.searchParams.set('$skip', String(skip));
  return `${ctx.baseUrl}${url.pathname}${url.search}`;
}

/** The folder `{segment}` of the mailbox (404 ErrorItemNotFound when there is none); the root holds no messages here. */
export function folderOfSegment(ctx: EmulatorContext, user: User, segment: string): FolderKey {
  const folder = folderBySegment(ctx, user, segment);
  if (!folder) throw graphError('ErrorItemNotFound');
  return folder;
}

function listMessages(ctx: EmulatorContext) {
  return (call: GraphCall) => {
    const { token, user, req } = call;
    assertCanRead(token);
    assertMailbox(user);
    const segment = (req.params as { folder?: string }).folder;
    const folder = segment === undefined ? undefined : folderOfSegment(ctx, user, segment);
    const query = parseMessageQuery(req.query as Record<string, string | undefined>);
    const immutable = wantsImmutableIds(req);
    const found = folder === ROOT ? [] : listItems(ctx, user, folder);
    // Newest first among equal dates, then the order asked for (a stable sort keeps the former).
    const all = found.reverse().map((f) => renderMessage(user, f, immutable)).filter((m) => !query.filter || query.filter(m)).sort(query.order);
    const page = all.slice(query.skip, query.skip + query.top);
    const body: Record<string, unknown> = {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/${segment !== undefined ? `mailFolders('${segment}')/` : ''}messages`,
      value: page.map((m) => project(m, query.select)),
    };
    if (query.skip + query.top < all.length) body['@odata.nextLink'] = nextLink(ctx, req, query.skip + query.top);
    return { status: 200, headers: immutable ? IMMUTABLE_APPLIED : {}, body };
  };
}

/**
 * GET /v1.0/me/messages and /v1.0/me/mailFolders/{id or well-known name}/messages (and under
 * /users/{id}), with $select, $filter (message-filter.ts), $orderby, and $top/$skip paging, newest
 * first. Items still inside the Sent Items lag are not shown.
 */
export function registerListMessagesRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'GET', '/messages', 'listMessages', listMessages(ctx));
  mailboxRoute(app, ctx, slots, 'GET', '/mailFolders/:folder/messages', 'listMessages', listMessages(ctx));
}
