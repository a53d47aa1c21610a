import type { FastifyReply, FastifyRequest } from 'fastify';
import { newGuid } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { AccessToken, User } from '../state/types.js';
import { authenticateBearer } from './bearer-auth.js';
import { GraphError, graphError } from './graph-error.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { GRAPH_REQUEST_LIMIT, isRawBody, type RawBody } from './raw-body.js';

export interface GraphCall {
  req: FastifyRequest;
  token: AccessToken;
  user: User;
  body?: RawBody;
}

/** What a Graph handler answers; errors are thrown as GraphError. */
export interface GraphResult {
  status: number;
  body?: unknown;
}

export function sendGraphError(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply, err: GraphError): FastifyReply {
  const crid = req.headers['client-request-id'];
  return reply.code(err.status).headers(err.headers).send(err.body(ctx.clock.now(), typeof crid === 'string' ? crid : undefined));
}

/**
 * Common Graph pipeline: 4 MB limit, bearer token, then the per-mailbox concurrency slot
 * around the handler. Successful empty answers (202) go out with no body at all.
 */
export function graphHandler(ctx: EmulatorContext, slots: MailboxSlots, handle: (call: GraphCall) => Promise<GraphResult> | GraphResult) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const body = isRawBody(req.body) ? req.body : undefined;
      if (body && body.raw.length > GRAPH_REQUEST_LIMIT) throw graphError('RequestEntityTooLarge');
      const { token, user } = authenticateBearer(ctx, req.headers.authorization);
      const result = await slots.run(user.id, ctx.store.graphLatencyMs, () => handle({ req, token, user, body }));
      reply.code(result.status).header('request-id', newGuid());
      if (result.body === undefined) return reply.removeHeader('content-type').send();
      return reply.send(result.body);
    } catch (err) {
      if (err instanceof GraphError) return sendGraphError(ctx, req, reply, err);
      throw err;
    }
  };
}

/** The JSON body of a Graph request, or the 400 Graph gives for unreadable JSON. */
export function jsonBody(call: GraphCall): unknown {
  if (!call.body || call.body.jsonError || call.body.json === undefined) throw graphError('BadRequest');
  return call.body.json;
}
