import type { FastifyReply } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { aadstsFailure, redirectErrorParams } from './aadsts-error.js';

/** Where an authorize flow ends: the app's redirect_uri with query parameters (response_mode=query). */
export interface FlowTarget {
  redirectUri: string;
  state?: string;
}

export function redirectWith(reply: FastifyReply, target: FlowTarget, params: Record<string, string>): FastifyReply {
  const url = new URL(target.redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (target.state !== undefined) url.searchParams.set('state', target.state);
  return reply.redirect(url.toString(), 302);
}

/** Redirects an AADSTS error to the app; `error` overrides the table's value where Microsoft does. */
export function redirectAadsts(
  ctx: EmulatorContext,
  reply: FastifyReply,
  target: FlowTarget,
  code: number,
  params: Record<string, string | undefined> = {},
  error?: string,
): FastifyReply {
  const f = aadstsFailure(code, ctx.clock.now(), params);
  return redirectWith(reply, target, redirectErrorParams(f, error));
}
