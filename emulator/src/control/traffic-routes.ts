import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FaultSpec } from '../state/types.js';
import { act, body } from './control-http.js';
import type { TrafficControl } from './traffic-control.js';

const schemas = {
  ms: z.object({ ms: z.number().nonnegative() }),
  seed: z.object({ seed: z.number() }),
  limits: z.strictObject({
    concurrency: z.number().int().nonnegative().optional(), messagesPerMinute: z.number().int().nonnegative().optional(), minuteMs: z.number().int().positive().optional(),
    uploadBytesPerWindow: z.number().int().nonnegative().optional(), uploadWindowMs: z.number().int().positive().optional(), uploadSessionMs: z.number().int().positive().optional(),
    smtpConnections: z.number().int().nonnegative().optional(),
  }),
};

type Q = { Querystring: Record<string, string | undefined> };

/** Control routes for faults, limits, latency, the Sent Items lag and accepted messages (README). */
export function registerTrafficRoutes(app: FastifyInstance, control: TrafficControl): void {
  const config = { endpoint: 'control' };
  app.post('/_emulator/faults', { config }, async (r, reply) => act(reply, () => control.injectFault(body(r) as FaultSpec)));
  app.get('/_emulator/faults', { config }, async (_r, reply) => act(reply, () => control.faults()));
  app.delete('/_emulator/faults', { config }, async (_r, reply) => act(reply, () => control.clearFaults()));
  app.post('/_emulator/faults/seed', { config }, async (r, reply) => act(reply, () => control.seedFaults(schemas.seed.parse(body(r)).seed)));
  app.post('/_emulator/graph-latency', { config }, async (r, reply) => act(reply, () => control.setGraphLatency(schemas.ms.parse(body(r)).ms)));
  app.get('/_emulator/limits', { config }, async (_r, reply) => act(reply, () => control.mailboxLimits()));
  app.patch('/_emulator/limits', { config }, async (r, reply) =>
    act(reply, () => control.setMailboxLimits(schemas.limits.parse(body(r)) as Parameters<TrafficControl['setMailboxLimits']>[0])));
  app.get<Q>('/_emulator/throttle-counts', { config }, async (r, reply) =>
    act(reply, () => (r.query.mailbox ? control.throttleCounts(r.query.mailbox) : control.allThrottleCounts())));
  app.post('/_emulator/sent-items-lag', { config }, async (r, reply) => act(reply, () => control.setSentItemsLag(schemas.ms.parse(body(r)).ms)));
  app.get<Q>('/_emulator/accepted', { config }, async (r, reply) => act(reply, () => {
    const { mailbox, internetMessageId, marker } = r.query;
    return control.accepted({ ...(mailbox ? { mailbox } : {}), ...(internetMessageId ? { internetMessageId } : {}), ...(marker ? { marker } : {}) });
  }));
  app.get<Q>('/_emulator/accepted/counts', { config }, async (r, reply) => act(reply, () => {
    const { by, header } = r.query;
    if (header) return control.acceptedCounts({ header });
    if (by !== undefined && by !== 'marker' && by !== 'internetMessageId') throw new Error("by must be 'marker' or 'internetMessageId'");
    return control.acceptedCounts(by ?? 'marker');
  }));
}
