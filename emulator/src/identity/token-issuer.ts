import { createHash } from 'node:crypto';
import { randomToken } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { App, User } from '../state/types.js';
import { OIDC_SCOPES, includesScope } from './scopes.js';

/** Access tokens live 60–90 minutes at Microsoft; the emulator picks about an hour. */
const ACCESS_TOKEN_SECONDS = 3600;

export interface IssueInput {
  app: App;
  user: User;
  /** Every scope of the grant (all resources + OIDC): carried by the refresh token. */
  grantScopes: string[];
  resource: string;
  /** Fully qualified scopes of `resource` to put in the access token. */
  resourceScopes: string[];
  nonce?: string;
}

/** Builds the token response of docs/microsoft.md §1 and records the tokens it hands out. */
export function issueTokens(ctx: EmulatorContext, input: IssueInput): Record<string, unknown> {
  const { store, clock } = ctx;
  const now = clock.now();
  // A little jitter, like Microsoft's 3599..4799 values, so clients don't hard-code 3600.
  const expiresIn = ACCESS_TOKEN_SECONDS + Math.floor(Math.random() * 300);
  // Personal-account Graph tokens are compact tokens starting with EwB, never JWTs.
  const accessToken = input.user.personal ? `EwB${randomToken(96).replace(/[-_]/g, 'A')}` : randomToken(64);
  store.accessTokens.set(accessToken, {
    token: accessToken,
    clientId: input.app.clientId,
    userId: input.user.id,
    resource: input.resource,
    scopes: input.resourceScopes,
    expiresAt: now + expiresIn * 1000,
  });
  const oidc = OIDC_SCOPES.filter((s) => includesScope(input.grantScopes, s));
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: [...input.resourceScopes, ...oidc].join(' '),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: accessToken,
  };
  if (oidc.includes('offline_access')) {
    const refreshToken = `${input.user.personal ? 'M.C5' : '1.A'}${randomToken(12)}.${randomToken(96)}`;
    store.refreshTokens.set(refreshToken, {
      token: refreshToken, clientId: input.app.clientId, userId: input.user.id,
      scopes: input.grantScopes, issuedAt: now, revoked: false,
    });
    body.refresh_token = refreshToken;
  }
  if (oidc.includes('openid')) body.id_token = idToken(ctx, input, oidc, now);
  return body;
}

function idToken(ctx: EmulatorContext, input: IssueInput, oidc: string[], now: number): string {
  const { user, app } = input;
  const iat = Math.floor(now / 1000);
  const claims: Record<string, unknown> = {
    aud: app.clientId,
    iss: `${ctx.baseUrl}/${user.tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    // sub is pairwise: stable per user and app, different across apps.
    sub: createHash('sha256').update(`${user.oid}|${app.clientId}`).digest('base64url').slice(0, 43),
    tid: user.tenantId,
    ver: '2.0',
  };
  if (input.nonce) claims.nonce = input.nonce;
  if (oidc.includes('profile')) {
    claims.oid = user.oid;
    claims.name = user.displayName;
    claims.preferred_username = user.email;
  }
  if (oidc.includes('email')) claims.email = user.email;
  return ctx.signer.sign(claims);
}
