import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isRawBody } from '../graph/raw-body.js';

/** The JSON body of a control request ({} when there is none). */
export function body(req: FastifyRequest): unknown {
  return isRawBody(req.body) ? (req.body.json ?? {}) : (req.body ?? {});
}

/** Runs a control action; bad input or unknown names answer 400 `{error}`. */
export function act(reply: FastifyReply, fn: () => unknown, status = 200): FastifyReply {
  try {
    const out = fn();
    return out === undefined ? reply.code(204).send() : reply.code(status).send(out);
  } catch (err) {
    const message = err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
    return reply.code(400).send({ error: message });
  }
}
