import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * What an injected fault asks the Graph pipeline to do with a request it lets through: wait
 * first (a slow answer, inside the mailbox's concurrency slot) and/or lose the answer after
 * processing (accept-then-drop). Set by the fault hook, read by graphHandler.
 */
export interface FaultEffects {
  delayMs: number;
  dropAfter: boolean;
}

const pending = new WeakMap<FastifyRequest, FaultEffects>();

export function setFaultEffects(req: FastifyRequest, effects: FaultEffects): void {
  pending.set(req, effects);
}

export function faultEffects(req: FastifyRequest): FaultEffects | undefined {
  return pending.get(req);
}

/** Ends the exchange with no answer at all: the client sees its connection reset. */
export function dropConnection(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.hijack();
  req.raw.socket.destroy();
  return reply;
}
