import type { FastifyReply, FastifyRequest } from 'fastify';
import { dropConnection, setFaultEffects } from '../graph/fault-effects.js';
import { graphError } from '../graph/graph-error.js';
import { sendGraphError } from '../graph/graph-handler.js';
import { TokenError } from '../identity/token-error.js';
import { sendTokenError } from '../identity/token-route.js';
import type { EmulatorContext } from '../state/context.js';
import type { FaultSpec, RetryAfterSpec } from '../state/types.js';
import { FAULTABLE, GRAPH_ENDPOINTS, requestMailbox, takeFault } from './fault-match.js';
import { parseFaultSpec } from './fault-schema.js';

/**
 * Queues a fault (checked first; a bad spec throws and changes nothing). It answers the next
 * `times` matching requests, or each matching one with its `probability`, instead of the real handler.
 */
export function addFault(ctx: EmulatorContext, input: FaultSpec): void {
  const spec = parseFaultSpec(input);
  const remaining = spec.times ?? (spec.probability !== undefined ? null : 1);
  ctx.store.traffic.faults.push({ spec, remaining, fired: 0 });
}

/** The Retry-After text of a Graph error fault; undefined keeps the table's default, null sends none. */
function retryAfterHeader(ctx: EmulatorContext, r: RetryAfterSpec | undefined): string | null | undefined {
  if (r === undefined || r === null || typeof r === 'string') return r;
  if (typeof r === 'number') return String(r);
  return new Date(ctx.clock.now() + r.dateInMs).toUTCString();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply, spec: FaultSpec): Promise<number> {
  if ('aadsts' in spec) {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const params = { appId: form.client_id, appName: form.client_id, tenant: (req.params as { tenant?: string }).tenant, resourceId: '00000003-0000-0000-c000-000000000000', name: 'client_secret', scope: form.scope };
    await sendTokenError(ctx, req, reply, new TokenError(spec.aadsts, params));
    return reply.statusCode;
  }
  if ('graphError' in spec) {
    const retryAfter = retryAfterHeader(ctx, spec.retryAfter);
    const err = graphError(spec.graphError, retryAfter !== undefined ? { retryAfter } : {});
    await sendGraphError(ctx, req, reply, err);
    return err.status;
  }
  if (!('status' in spec)) return 0;
  reply.code(spec.status).headers(spec.headers ?? {});
  if (spec.body === undefined) await reply.send();
  else if (typeof spec.body === 'string') await reply.send(spec.body);
  else await reply.type('application/json').send(JSON.stringify(spec.body));
  return spec.status;
}

/**
 * Fastify preHandler: applies an injected fault when one fires for this request. Answers and
 * 'before' drops happen here (after the fault's delay); a pure delay or an 'after' drop on a
 * Graph endpoint is handed to graphHandler, which applies it around the real processing.
 */
export function faultHook(ctx: EmulatorContext) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const endpoint = req.routeOptions.config.endpoint;
    if (!endpoint || !FAULTABLE.has(endpoint) || ctx.store.traffic.faults.length === 0) return undefined;
    const mailbox = requestMailbox(ctx, req, endpoint);
    const spec = takeFault(ctx, endpoint, mailbox);
    if (!spec) return undefined;
    const delayMs = spec.delayMs ?? 0;
    const passesThrough = !('status' in spec || 'aadsts' in spec || 'graphError' in spec || 'drop' in spec) || ('drop' in spec && spec.drop === 'after');
    if (passesThrough && GRAPH_ENDPOINTS.has(endpoint)) {
      setFaultEffects(req, { delayMs, dropAfter: 'drop' in spec });
      return undefined;
    }
    if (delayMs > 0) await sleep(delayMs);
    if ('drop' in spec) return dropConnection(req, reply);
    const status = await answer(ctx, req, reply, spec);
    if (status === 429 && mailbox) ctx.store.traffic.countThrottle(mailbox, 'injected');
    return status === 0 ? undefined : reply;
  };
}
