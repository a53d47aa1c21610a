import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { graphError } from './graph-error.js';
import { graphHandler, type GraphCall } from './graph-handler.js';
import { folderBySegment, listItems, renderMessage, type FolderKey } from './mail-items.js';
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

function listMessages(ctx: EmulatorContext) {
  return (call: GraphCall) => {
    const { token, user, req } = call;
    assertCanRead(token);
    assertMailbox(user);
    const segment = (req.params as { folder?: string }).folder;
    let folder: FolderKey | undefined;
    if (segment !== undefined) {
      folder = folderBySegment(user, segment);
      if (!folder) throw graphError('ErrorItemNotFound');
    }
    const query = parseMessageQuery(req.query as Record<string, string | undefined>);
    const immutable = wantsImmutableIds(req);
    const all = listItems(ctx, user, folder)
      .filter((f) => query.internetMessageId === undefined || f.item.internetMessageId === query.internetMessageId)
      .reverse(); // newest first, as Graph sorts by default
    const page = all.slice(query.skip, query.skip + query.top);
    const body: Record<string, unknown> = {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/${segment !== undefined ? `mailFolders('${segment}')/` : ''}messages`,
      value: page.map((f) => project(renderMessage(user, f, immutable), query.select)),
    };
    if (query.skip + query.top < all.length) body['@odata.nextLink'] = nextLink(ctx, req, query.skip + query.top);
    return { status: 200, headers: immutable ? IMMUTABLE_APPLIED : {}, body };
  };
}

/**
 * GET /v1.0/me/messages and /v1.0/me/mailFolders/{id or well-known name}/messages, with $select,
 * $top/$skip paging and `$filter=internetMessageId eq '<…>'`. Items still inside the Sent Items
 * lag are not shown.
 */
export function registerListMessagesRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  const handler = graphHandler(ctx, slots, listMessages(ctx));
  app.get('/v1.0/me/messages', { config: { endpoint: 'listMessages' } }, handler);
  app.get('/v1.0/me/mailFolders/:folder/messages', { config: { endpoint: 'listMessages' } }, handler);
}
