import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { z } from 'zod';
import { pickLocale, type Endpoint, type Locale } from '@mailbridge/contract';
import type { Actor } from '../core/domain.js';
import { ForbiddenError } from '../core/errors.js';
import type { Deps } from '../core/deps.js';
import type { OpenedSession } from '../core/sessions/open-session.js';
import { authenticateRequest } from './authenticate-request.js';
import { validate } from './validate.js';
import { bodyLimitOf } from './body-limits.js';

export interface RouteContext<B, A = Actor, Q = undefined> {
  deps: Deps;
  /** Undefined only on `auth: 'none'` endpoints. */
  actor: A;
  /** The browser session behind the call, when it came with the cookie rather than a key. */
  session?: OpenedSession | undefined;
  body: B;
  /** The query string parsed with the endpoint's `query` schema; undefined without one. */
  query: Q;
  params: Record<string, string>;
  locale: Locale;
  request: FastifyRequest;
  reply: FastifyReply;
}

type BodyOf<E extends Endpoint> = E['body'] extends z.ZodType ? z.output<E['body']> : undefined;
type QueryOf<E extends Endpoint> = E['query'] extends z.ZodType ? z.output<E['query']> : undefined;
type ActorOf<E extends Endpoint> = E extends { auth: 'none' } ? undefined : Actor;

/** Fastify route options beyond the contract (route `config`, extra preHandler hooks). */
export interface RouteExtras {
  config?: Record<string, unknown>;
  /** Extra checks before the handler (e.g. a second rate-limit bucket). */
  preHandler?: preHandlerAsyncHookHandler[];
}

/** The authenticated caller of each request in flight, set before its body is read. */
const callers = new WeakMap<FastifyRequest, { actor: Actor; session?: OpenedSession }>();

/**
 * Registers one contract endpoint under /api/v1: authenticates (key or session + CSRF, unless
 * `auth: 'none'`), enforces admin-only endpoints, validates the body with the contract schema,
 * and answers with the endpoint's status.
 */
export function defineRoute<E extends Endpoint>(
  app: FastifyInstance,
  deps: Deps,
  endpoint: E,
  handler: (ctx: RouteContext<BodyOf<E>, ActorOf<E>, QueryOf<E>>) => Promise<unknown>,
  extras: RouteExtras = {},
): void {
  const url = '/api/v1' + endpoint.path.replace(/\{(\w+)\}/g, ':$1');
  app.route({
    method: endpoint.method.toUpperCase() as 'GET',
    url,
    ...(extras.config ? { config: extras.config } : {}),
    ...(extras.preHandler ? { preHandler: extras.preHandler } : {}),
    bodyLimit: bodyLimitOf(endpoint),
    // Who calls is known from the headers alone: a stranger's body is refused unread.
    onRequest: async (request) => {
      if (endpoint.auth === 'none') return;
      const caller = await authenticateRequest(deps, request, endpoint);
      if (endpoint.admin && caller.actor.role !== 'admin') throw new ForbiddenError();
      callers.set(request, caller);
    },
    handler: async (request, reply) => {
      const { actor, session } = callers.get(request) ?? { actor: undefined, session: undefined };
      const body = (endpoint.body ? validate(endpoint.body, request.body ?? undefined) : undefined) as BodyOf<E>;
      const query = (endpoint.query ? validate(endpoint.query, request.query ?? {}, 'query') : undefined) as QueryOf<E>;
      const result = await handler({ deps, actor: actor as ActorOf<E>, session, body, query, params: request.params as Record<string, string>, locale: pickLocale(request.headers['accept-language']), request, reply });
      reply.code(result === undefined ? (endpoint.status ?? 204) : (endpoint.status ?? 200));
      return result === undefined ? reply.send() : result;
    },
  });
}
