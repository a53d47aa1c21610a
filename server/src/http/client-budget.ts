import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { MailbridgeError } from '../core/errors.js';

/**
 * A fixed-window request budget per client address, for a second limit on a route that
 * @fastify/rate-limit already limits by another key (the plugin runs one limiter per request).
 * In memory, per instance, like the plugin's default store.
 */
export function clientBudget(o: { max: number; windowMs: number; message: string }): preHandlerAsyncHookHandler {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return async (request: FastifyRequest, reply) => {
    const now = Date.now();
    if (windows.size > 10_000) for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
    const w = windows.get(request.ip);
    const current = !w || w.resetAt <= now ? { count: 0, resetAt: now + o.windowMs } : w;
    current.count++;
    windows.set(request.ip, current);
    if (current.count > o.max) {
      reply.header('retry-after', String(Math.ceil((current.resetAt - now) / 1000)));
      throw new MailbridgeError('rate_limited', o.message);
    }
  };
}
