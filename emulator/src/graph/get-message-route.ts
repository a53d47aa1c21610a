import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { graphError } from './graph-error.js';
import { graphHandler } from './graph-handler.js';
import { findItem, renderMessage } from './mail-items.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { IMMUTABLE_APPLIED, wantsImmutableIds } from './message-ids.js';
import { parseMessageQuery, project } from './odata-query.js';
import { assertCanRead, assertIdShape } from './read-permission.js';
import { assertMailbox } from './send-mail-route.js';

/**
 * GET /v1.0/me/messages/{id} ($select accepted). A regular id stops working once the item moved
 * (a sent draft): 404 ErrorItemNotFound; an immutable id keeps working (docs/microsoft.md §2).
 */
export function registerGetMessageRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  app.get<{ Params: { id: string } }>('/v1.0/me/messages/:id', { config: { endpoint: 'getMessage' } }, graphHandler(ctx, slots, (call) => {
    const { token, user, req } = call;
    assertCanRead(token);
    assertMailbox(user);
    const id = (req.params as { id: string }).id;
    assertIdShape(id);
    const query = parseMessageQuery(req.query as Record<string, string | undefined>);
    const found = findItem(ctx, user, id);
    if (!found) throw graphError('ErrorItemNotFound');
    const immutable = wantsImmutableIds(req);
    const message = project(renderMessage(user, found, immutable), query.select);
    return {
      status: 200,
      headers: immutable ? IMMUTABLE_APPLIED : {},
      body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/messages/$entity`, ...message },
    };
  }));
}
