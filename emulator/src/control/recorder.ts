import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRawBody } from '../graph/raw-body.js';
import type { EmulatorContext } from '../state/context.js';
import type { RecordedRequest } from '../state/types.js';

function record(ctx: EmulatorContext, req: FastifyRequest, status: number): void {
  const endpoint = (req.routeOptions.config as { endpoint?: string } | undefined)?.endpoint;
  if (!endpoint || endpoint === 'control') return;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const url = new URL(req.url, 'http://emulator');
  const entry: RecordedRequest = {
    endpoint, method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
    headers, status, at: ctx.clock.now(),
  };
  const body: unknown = req.body;
  if (isRawBody(body)) {
    if (body.json !== undefined) entry.json = body.json;
    else entry.text = body.text ?? body.raw.toString('utf8');
  } else if (body && typeof body === 'object') {
    entry.form = body as Record<string, string>;
  }
  ctx.store.recorded.push(entry);
}

/** Fastify onResponse hook: keeps every identity and Graph request for `requests()`. */
export function recorderHook(ctx: EmulatorContext) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => record(ctx, req, reply.statusCode);
}

/** Fastify onRequest hook: a request whose connection closed before its answer (a dropped one) is kept with status 0. */
export function droppedRecorderHook(ctx: EmulatorContext) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) record(ctx, req, 0);
    });
  };
}

export function filterRequests(ctx: EmulatorContext, filter?: { endpoint?: string }): RecordedRequest[] {
  return ctx.store.recorded.filter((r) => !filter?.endpoint || r.endpoint === filter.endpoint);
}
