import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { z } from 'zod';
import { pickLocale, type Endpoint, type Locale } from '@mailbridge/contract';
import type { Actor } from '../core/domain.js';
import { ForbiddenError } from '../core/errors.js';
import type { Deps } from '../core/deps.js';
import type { OpenedSession } from '../core/sessions/open-session.js';
import { authenticateRequest } from './authenticate-request.js';
import { validate } from './validate.js';

export interface RouteContext<B, A = Actor> {
  deps: Deps;
  /** Undefined only on `auth: 'none'` endpoints. */
  actor: A;
  /** The browser session behind the call, when it came with the cookie rather than a key. */
  session?: OpenedSession | undefined;
  body: B;
  params: Record<string, string>;
  locale: Locale;
  request: FastifyRequest;
  reply: FastifyReply;
}

type BodyOf<E extends Endpoint> = E['body'] extends z.ZodType ? z.output<E['body']> : undefined;
type ActorOf<E extends Endpoint> = E extends { auth: 'none' } ? undefined : Actor;

/** Fastify route options beyond the contract, e.g. `config.rateLimit` for @fastify/rate-limit. */
export interface RouteExtras {
  config?: Record<string, unknown>;
  /** Extra checks before the handler (e.g. a second rate-limit bucket). */
  preHandler?: preHandlerAsyncHookHandler[];
}

/**
 * Registers one contract endpoint under /api/v1: authenticates (key or session + CSRF, unless
 * `auth: 'none'`), enforces admin-only endpoints, validates the body with the contract schema,
 * and answers with the endpoint's status.
 */
export function defineRoute<E extends Endpoint>(
  app: FastifyInstance,
  deps: Deps,
  endpoint: E,
  handler: (ctx: RouteContext<BodyOf<E>, ActorOf<E>>) => Promise<unknown>,
  extras: RouteExtras = {},
): void {
  const url = '/api/v1' + endpoint.path.replace(/\{(\w+)\}/g, ':$1');
  app.route({
    method: endpoint.method.toUpperCase() as 'GET',
    url,
    ...(extras.config ? { config: extras.config } : {}),
    ...(extras.preHandler ? { preHandler: extras.preHandler } : {}),
    handler: async (request, reply) => {
      const { actor, session } = endpoint.auth === 'none' ? { actor: undefined, session: undefined } : await authenticateRequest(deps, request, endpoint);
      if (endpoint.admin && actor?.role !== 'admin') throw new ForbiddenError();
      const body = (endpoint.body ? validate(endpoint.body, request.body ?? undefined) : undefined) as BodyOf<E>;
      const result = await handler({ deps, actor: actor as ActorOf<E>, session, body, params: request.params as Record<string, string>, locale: pickLocale(request.headers['accept-language']), request, reply });
      reply.code(result === undefined ? (endpoint.status ?? 204) : (endpoint.status ?? 200));
      return result === undefined ? reply.send() : result;
    },
  });
}
