import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { aadstsFailure, tokenErrorBody } from './aadsts-error.js';
import { resolveSegment } from './audience.js';
import { authenticateClient } from './client-auth.js';
import { issueAppOnlyToken } from './client-credentials-grant.js';
import { redeemCode } from './code-grant.js';
import { redeemRefreshToken } from './refresh-grant.js';
import { TokenError } from './token-error.js';

type Form = Record<string, string | undefined>;

/** Renders an AADSTS code as the token endpoint's error JSON (docs/microsoft.md §1). */
export function sendTokenError(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply, err: TokenError): FastifyReply {
  const corr = req.headers['client-request-id'];
  const f = aadstsFailure(err.aadsts, ctx.clock.now(), err.params, typeof corr === 'string' ? corr : undefined);
  const body = tokenErrorBody(f);
  if (err.error) body.error = err.error;
  return reply.code(f.entry.status).header('cache-control', 'no-store, no-cache').send(body);
}

/**
 * App-only tokens exist only in one tenant: /common and /organizations answer AADSTS50059 (no
 * tenant-identifying information), /consumers AADSTS9001023 (docs/microsoft.md §7).
 */
function assertTenantPath(ctx: EmulatorContext, tenantRaw: string): void {
  const seg = resolveSegment(ctx.store, tenantRaw);
  if (seg?.kind === 'common' || seg?.kind === 'organizations') throw new TokenError(50059);
  if (seg?.kind === 'consumers') throw new TokenError(9001023);
}

/** POST /{tenant}/oauth2/v2.0/token (form-encoded). */
export function registerTokenRoute(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: { tenant: string }; Body: Form }>(
    '/:tenant/oauth2/v2.0/token',
    { config: { endpoint: 'token' } },
    async (req, reply) => {
      const form: Form = typeof req.body === 'object' && req.body !== null ? req.body : {};
      try {
        if (!form.grant_type) throw new TokenError(900144, { name: 'grant_type' });
        if (form.grant_type === 'client_credentials') assertTenantPath(ctx, req.params.tenant);
        const client = authenticateClient(ctx, req.params.tenant, form, req.headers.authorization);
        let body: Record<string, unknown>;
        if (form.grant_type === 'authorization_code') body = redeemCode(ctx, client.app, req.params.tenant, form);
        else if (form.grant_type === 'refresh_token') body = redeemRefreshToken(ctx, client.app, form);
        else if (form.grant_type === 'client_credentials') body = issueAppOnlyToken(ctx, client, req.params.tenant, form);
        else throw new TokenError(70003, { grantType: form.grant_type });
        return reply.header('cache-control', 'no-store, no-cache').send(body);
      } catch (err) {
        if (err instanceof TokenError) return sendTokenError(ctx, req, reply, err);
        throw err;
      }
    },
  );
  app.get('/:tenant/oauth2/v2.0/token', { config: { endpoint: 'token' } }, async (req, reply) =>
    sendTokenError(ctx, req, reply, new TokenError(900561)));
}
