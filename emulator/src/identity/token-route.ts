import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { App } from '../state/types.js';
import { aadstsFailure, tokenErrorBody } from './aadsts-error.js';
import { appSegmentError, resolveSegment } from './audience.js';
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

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return { id: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)) };
}

/** Client authentication: the app must exist on this path and present a live secret value. */
function authenticateClient(ctx: EmulatorContext, tenantRaw: string, form: Form, authorization: string | undefined): App {
  const basic = basicCredentials(authorization);
  const clientId = form.client_id ?? basic?.id;
  if (!clientId) throw new TokenError(900144, { name: 'client_id' });
  const seg = resolveSegment(ctx.store, tenantRaw);
  if (!seg) throw new TokenError(90002, { tenant: tenantRaw });
  const app = ctx.store.apps.get(clientId);
  if (!app) throw new TokenError(700016, { appId: clientId, tenant: tenantRaw });
  const names = { appId: app.clientId, appName: app.displayName, tenant: tenantRaw };
  const segmentError = appSegmentError(app, seg);
  if (segmentError) throw new TokenError(segmentError, names);
  const secret = form.client_secret ?? basic?.secret;
  if (!secret) throw new TokenError(7000218);
  const match = app.secrets.find((s) => s.value === secret);
  // A secret ID (a GUID) pasted as the secret lands here too: 7000215 (docs/microsoft.md §5.1).
  if (!match) throw new TokenError(7000215, names);
  if (match.expiresAt <= ctx.clock.now()) throw new TokenError(7000222, names);
  return app;
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
        const client = authenticateClient(ctx, req.params.tenant, form, req.headers.authorization);
        let body: Record<string, unknown>;
        if (form.grant_type === 'authorization_code') body = redeemCode(ctx, client, req.params.tenant, form);
        else if (form.grant_type === 'refresh_token') body = redeemRefreshToken(ctx, client, form);
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
