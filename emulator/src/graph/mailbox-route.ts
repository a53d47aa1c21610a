import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { graphError } from './graph-error.js';
import { graphHandler, type GraphCall, type GraphResult } from './graph-handler.js';
import type { MailboxSlots } from './mailbox-slots.js';

/**
 * `/users/{id or userPrincipalName}/…` names the caller's own mailbox here: another person's
 * needs the `.Shared` permissions and mailbox rights the emulator doesn't model (docs/microsoft.md §2).
 */
export function assertOwnMailbox(call: GraphCall): void {
  const named = (call.req.params as { user?: string }).user;
  if (named === undefined) return;
  const { user } = call;
  if (![user.id, user.oid, user.email, user.mail ?? ''].some((v) => v.toLowerCase() === named.toLowerCase())) throw graphError('ErrorAccessDenied');
}

/** Registers a mailbox route at `/v1.0/me{path}` and `/v1.0/users/:user{path}`, tagged with its fault endpoint. */
export function mailboxRoute(
  app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots,
  method: HTTPMethods, path: string, endpoint: string, handle: (call: GraphCall) => Promise<GraphResult> | GraphResult,
): void {
  const handler = graphHandler(ctx, slots, (call) => {
    assertOwnMailbox(call);
    return handle(call);
  });
  for (const prefix of ['/v1.0/me', '/v1.0/users/:user']) app.route({ method, url: `${prefix}${path}`, config: { endpoint }, handler });
}
