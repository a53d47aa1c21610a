import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { pickLocale, type Endpoint, type Locale } from '@mailbridge/contract';
import type { Actor } from '../core/domain.js';
import { ForbiddenError } from '../core/errors.js';
import type { Deps } from '../core/deps.js';
import { authenticate } from '../core/users/authenticate.js';
import { validate } from './validate.js';

export interface RouteContext<B> {
  deps: Deps;
  actor: Actor;
  body: B;
  params: Record<string, string>;
  locale: Locale;
  request: FastifyRequest;
  reply: FastifyReply;
}

type BodyOf<E extends Endpoint> = E['body'] extends z.ZodType ? z.output<E['body']> : undefined;

/** Bearer API key from the Authorization header (RFC 6750 §2.1). */
const bearer = (h: string | undefined) => (h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined);

/**
 * Registers one contract endpoint under /api/v1: authenticates, enforces admin-only endpoints,
 * validates the body with the contract schema, and answers with the endpoint's status.
 */
export function defineRoute<E extends Endpoint>(app: FastifyInstance, deps: Deps, endpoint: E, handler: (ctx: RouteContext<BodyOf<E>>) => Promise<unknown>): void {
  const url = '/api/v1' + endpoint.path.replace(/\{(\w+)\}/g, ':$1');
  app.route({
    method: endpoint.method.toUpperCase() as 'GET',
    url,
    handler: async (request, reply) => {
      const actor = await authenticate(deps.store, bearer(request.headers.authorization));
      if (endpoint.admin && actor.role !== 'admin') throw new ForbiddenError();
      const body = (endpoint.body ? validate(endpoint.body, request.body ?? undefined) : undefined) as BodyOf<E>;
      const result = await handler({ deps, actor, body, params: request.params as Record<string, string>, locale: pickLocale(request.headers['accept-language']), request, reply });
      reply.code(endpoint.status ?? 200);
      return result === undefined ? reply.send() : result;
    },
  });
}
