import type { FastifyReply, FastifyRequest } from 'fastify';
import { graphError } from '../graph/graph-error.js';
import { sendGraphError } from '../graph/graph-handler.js';
import { TokenError } from '../identity/token-error.js';
import { sendTokenError } from '../identity/token-route.js';
import type { EmulatorContext } from '../state/context.js';
import type { FaultSpec } from '../state/types.js';

const FAULTABLE = new Set(['token', 'authorize', 'me', 'sendMail', 'messages', 'send']);

/** Queues a fault; it answers the next `times` requests to its endpoint instead of the real handler. */
export function addFault(ctx: EmulatorContext, spec: FaultSpec): void {
  ctx.store.faults.push({ spec, remaining: spec.times ?? 1 });
}

function takeFault(ctx: EmulatorContext, endpoint: string): FaultSpec | undefined {
  const i = ctx.store.faults.findIndex((f) => f.remaining > 0 && (f.spec.endpoint === endpoint || f.spec.endpoint === '*'));
  const fault = ctx.store.faults[i];
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) ctx.store.faults.splice(i, 1);
  return fault.spec;
}

/** Fastify preHandler: answers with an injected fault when one is queued for this endpoint. */
export function faultHook(ctx: EmulatorContext) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const endpoint = (req.routeOptions.config as { endpoint?: string }).endpoint;
    if (!endpoint || !FAULTABLE.has(endpoint)) return;
    const spec = takeFault(ctx, endpoint);
    if (!spec) return;
    if ('aadsts' in spec) {
      const form = (req.body ?? {}) as Record<string, string | undefined>;
      const params = { appId: form.client_id, appName: form.client_id, tenant: (req.params as { tenant?: string }).tenant, resourceId: '00000003-0000-0000-c000-000000000000', name: 'client_secret', scope: form.scope };
      await sendTokenError(ctx, req, reply, new TokenError(spec.aadsts, params));
      return;
    }
    if ('graphError' in spec) {
      await sendGraphError(ctx, req, reply, graphError(spec.graphError, spec.retryAfter !== undefined ? { retryAfter: spec.retryAfter } : {}));
      return;
    }
    reply.code(spec.status).headers(spec.headers ?? {});
    if (spec.body === undefined) await reply.send();
    else if (typeof spec.body === 'string') await reply.send(spec.body);
    else await reply.type('application/json').send(JSON.stringify(spec.body));
  };
}
