import { createHash } from 'node:crypto';
import { newGuid } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { Tenant } from '../state/types.js';
import { resolveSegment } from './audience.js';
import type { ClientAuth } from './client-auth.js';
import { OUTLOOK_RESOURCES } from './outlook-token.js';
import { GRAPH_RESOURCE, resourceOf } from './scopes.js';
import { TokenError } from './token-error.js';

type Form = Record<string, string | undefined>;

/** Learn's client-credentials example answers expires_in 3599. */
const APP_TOKEN_SECONDS = 3599;
const RESOURCES = [GRAPH_RESOURCE, ...OUTLOOK_RESOURCES];

/** A stable GUID-shaped object id for the app's service principal in a tenant. */
function servicePrincipalId(clientId: string, tenantId: string): string {
  const h = createHash('sha256').update(`sp|${clientId}|${tenantId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Whether the app has a service principal (enterprise application) in the tenant: always in its
 * home tenant; elsewhere only once consent (delegated or to application permissions) created it.
 */
function hasServicePrincipal(ctx: EmulatorContext, clientId: string, tenant: Tenant, homeTenantId: string): boolean {
  if (tenant.id === homeTenantId) return true;
  const store = ctx.store;
  return store.grants.some((g) => g.clientId === clientId && g.tenantId === tenant.id)
    || store.appPermissionGrants.some((g) => g.clientId === clientId && g.tenantId === tenant.id);
}

/**
 * grant_type=client_credentials (docs/microsoft.md §7): one tenant (the route refused /common and
 * friends), `scope` = exactly one `{resource}/.default`. The access token is a JWT carrying the
 * application permissions admin-consented in that tenant as `roles` (no `roles` claim at all
 * when there are none: the token is still issued, and Graph refuses what it needs), never `scp`;
 * no refresh token, no id_token.
 */
export function issueAppOnlyToken(ctx: EmulatorContext, auth: ClientAuth, tenantRaw: string, form: Form): Record<string, unknown> {
  const { store, clock } = ctx;
  const { app } = auth;
  const seg = resolveSegment(store, tenantRaw);
  if (seg?.kind !== 'tenant') throw new TokenError(90002, { tenant: tenantRaw });
  const tenant = seg.tenant;
  if (!form.scope) throw new TokenError(900144, { name: 'scope' });
  const requested = form.scope.trim().split(/\s+/);
  const only = requested[0] ?? '';
  if (requested.length !== 1 || !only.toLowerCase().endsWith('/.default')) throw new TokenError(1002012, { scope: form.scope });
  const resource = RESOURCES.find((r) => r.toLowerCase() === only.slice(0, -'/.default'.length).toLowerCase());
  if (!resource) throw new TokenError(500011, { resource: only, tenantName: tenant.name });
  if (!hasServicePrincipal(ctx, app.clientId, tenant, app.tenantId)) throw new TokenError(700016, { appId: app.clientId, tenant: tenantRaw });
  const roles: string[] = [];
  for (const g of store.appPermissionGrants) {
    if (g.clientId !== app.clientId || g.tenantId !== tenant.id) continue;
    for (const p of g.permissions) {
      if (resourceOf(p)?.toLowerCase() === resource.toLowerCase() && !roles.some((r) => r.toLowerCase() === p.toLowerCase())) roles.push(p);
    }
  }
  const now = clock.now();
  const iat = Math.floor(now / 1000);
  const oid = servicePrincipalId(app.clientId, tenant.id);
  // A v1.0 Graph app token's claims (learn: access-token-claims-reference); opaque to the client.
  const claims: Record<string, unknown> = {
    aud: resource, iss: `https://sts.windows.net/${tenant.id}/`, iat, nbf: iat, exp: iat + APP_TOKEN_SECONDS,
    app_displayname: app.displayName, appid: app.clientId, appidacr: auth.credential === 'certificate' ? '2' : '1',
    idp: `https://sts.windows.net/${tenant.id}/`, idtyp: 'app', oid,
    ...(roles.length > 0 ? { roles: roles.map((r) => r.slice(r.lastIndexOf('/') + 1)) } : {}),
    sub: oid, tid: tenant.id, uti: newGuid(), ver: '1.0',
  };
  const accessToken = ctx.signer.sign(claims);
  store.accessTokens.set(accessToken, {
    token: accessToken, clientId: app.clientId, userId: '', appOnly: true, tenantId: tenant.id,
    resource, scopes: roles, expiresAt: now + APP_TOKEN_SECONDS * 1000,
  });
  return { token_type: 'Bearer', expires_in: APP_TOKEN_SECONDS, ext_expires_in: APP_TOKEN_SECONDS, access_token: accessToken };
}
