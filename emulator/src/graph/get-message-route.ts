import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { graphError } from './graph-error.js';
import type { GraphCall } from './graph-handler.js';
import { findItem, renderMessage, type FoundItem } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { IMMUTABLE_APPLIED, wantsImmutableIds } from './message-ids.js';
import { parseMessageQuery, project } from './odata-query.js';
import { assertCanRead, assertIdShape } from './read-permission.js';
import { assertMailbox } from './send-mail-route.js';

/** The item `{id}` of the mailbox for a request that reads it (Mail.Read, Mail.ReadBasic or Mail.ReadWrite). */
export function itemToRead(ctx: EmulatorContext, call: GraphCall): FoundItem {
  const { token, user, req } = call;
  assertCanRead(token);
  assertMailbox(user);
  const id = (req.params as { id: string }).id;
  assertIdShape(id);
  const found = findItem(ctx, user, id);
  if (!found) throw graphError('ErrorItemNotFound');
  return found;
}

/** A message answered as Graph answers a single item: its context, then the message in the id form asked for. */
export function messageResult(call: GraphCall, found: FoundItem, status: number, select?: string[]) {
  const immutable = wantsImmutableIds(call.req);
  const message = project(renderMessage(call.user, found, immutable), select);
  return {
    status,
    headers: immutable ? IMMUTABLE_APPLIED : {},
    body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${call.user.id}')/messages/$entity`, ...message },
  };
}

/**
 * GET /v1.0/me/messages/{id} ($select accepted; also under mailFolders/{id} and /users/{id}). A
 * regular id stops working once the item moved (a sent draft): 404 ErrorItemNotFound; an
 * immutable id keeps working (docs/microsoft.md §2).
 */
export function registerGetMessageRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  const handle = (call: GraphCall) => {
    const found = itemToRead(ctx, call);
    return messageResult(call, found, 200, parseMessageQuery(call.req.query as Record<string, string | undefined>).select);
  };
  mailboxRoute(app, ctx, slots, 'GET', '/messages/:id', 'getMessage', handle);
  mailboxRoute(app, ctx, slots, 'GET', '/mailFolders/:folder/messages/:id', 'getMessage', handle);
}
