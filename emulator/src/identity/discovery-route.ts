import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { resolveSegment } from './audience.js';

/** OIDC discovery and JWKS, shaped like Microsoft's v2.0 metadata. */
export function registerDiscoveryRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { tenant: string } }>(
    '/:tenant/v2.0/.well-known/openid-configuration',
    { config: { endpoint: 'discovery' } },
    async (req, reply) => {
      const seg = resolveSegment(ctx.store, req.params.tenant);
      if (!seg) return reply.code(400).send({ error: 'invalid_tenant', error_description: `Tenant '${req.params.tenant}' not found.` });
      const base = `${ctx.baseUrl}/${encodeURIComponent(req.params.tenant)}`;
      // Multi-tenant paths publish the issuer as a template, like Microsoft (docs/microsoft.md §1).
      const issuerTid = seg.kind === 'tenant' ? seg.tenant.id : seg.kind === 'consumers' ? '9188040d-6c67-4c5b-b112-36a304b66dad' : '{tenantid}';
      return reply.send({
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${ctx.baseUrl}/${issuerTid}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${ctx.baseUrl}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'preferred_username', 'oid', 'tid', 'ver', 'email', 'nonce'],
        code_challenge_methods_supported: ['plain', 'S256'],
        tenant_region_scope: null,
        cloud_instance_name: 'microsoftonline.com',
        msgraph_host: new URL(ctx.baseUrl).host,
      });
    },
  );
  app.get('/:tenant/discovery/v2.0/keys', { config: { endpoint: 'jwks' } }, async (_req, reply) => reply.send(ctx.signer.jwks()));
}
