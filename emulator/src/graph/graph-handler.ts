import type { FastifyReply, FastifyRequest } from 'fastify';
import { newGuid } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { AccessToken, User } from '../state/types.js';
import { namedMailbox } from './app-only-access.js';
import { authenticateBearer } from './bearer-auth.js';
import { GraphError, graphError } from './graph-error.js';
import { dropConnection, faultEffects } from './fault-effects.js';
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
  headers?: Record<string, string>;
}

export function sendGraphError(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply, err: GraphError): FastifyReply {
  const crid = req.headers['client-request-id'];
  return reply.code(err.status).headers(err.headers).send(err.body(ctx.clock.now(), typeof crid === 'string' ? crid : undefined));
}

/**
 * Common Graph pipeline: 4 MB limit, bearer token, then the per-app-and-mailbox concurrency
 * slot around the handler (holding it for the configured latency and any injected delay).
 * Successful empty answers (202) go out with no body at all. An injected accept-then-drop
 * fault processes the request fully and then destroys the connection instead of answering.
 */
export function graphHandler(ctx: EmulatorContext, slots: MailboxSlots, handle: (call: GraphCall) => Promise<GraphResult> | GraphResult) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const effects = faultEffects(req);
    let outcome: GraphResult | GraphError;
    try {
      const body = isRawBody(req.body) ? req.body : undefined;
      if (body && body.raw.length > GRAPH_REQUEST_LIMIT) throw graphError('RequestEntityTooLarge');
      const { token, user } = authenticateBearer(ctx, req.headers.authorization, namedMailbox(req.url));
      const latency = ctx.store.graphLatencyMs + (effects?.delayMs ?? 0);
      outcome = await slots.run(token.clientId, user, latency, () => handle({ req, token, user, body }));
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      outcome = err;
    }
    return sendOutcome(ctx, req, reply, outcome);
  };
}

/**
 * Answers what a handler gave (an empty success goes out with no body at all), or, after an
 * injected accept-then-drop fault, destroys the connection instead.
 */
export function sendOutcome(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply, outcome: GraphResult | GraphError): FastifyReply {
  if (faultEffects(req)?.dropAfter) return dropConnection(req, reply);
  if (outcome instanceof GraphError) return sendGraphError(ctx, req, reply, outcome);
  reply.code(outcome.status).header('request-id', newGuid()).headers(outcome.headers ?? {});
  if (outcome.body === undefined) return reply.removeHeader('content-type').send();
  return reply.send(outcome.body);
}

/** The JSON body of a Graph request, or the 400 Graph gives for unreadable JSON. */
export function jsonBody(call: GraphCall): unknown {
  if (!call.body || call.body.jsonError || call.body.json === undefined) throw graphError('BadRequest');
  return call.body.json;
}
