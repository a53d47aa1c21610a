import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickLocale } from '@mailbridge/contract';
import { errorResponse } from './error-response.js';

/** Every error a route raises, answered in the API's shape and logged by its kind (app.ts). */
export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, retryAfter } = errorResponse(err, pickLocale(request.headers['accept-language']));
  if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.info({ code: body.error.code, diagnosis: body.error.diagnosis?.code }, 'request refused');
  if (retryAfter !== undefined) reply.header('retry-after', String(Math.ceil(retryAfter)));
  return reply.code(status).send(body);
}
