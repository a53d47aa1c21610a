import type { EmulatorContext } from '../state/context.js';
import type { App } from '../state/types.js';
import { assertConsented, chooseResource, resourceAppId } from './resource-scopes.js';
import { parseScopes, resourcesOf } from './scopes.js';
import { TokenError } from './token-error.js';
import { issueTokens } from './token-issuer.js';

/** Web-app refresh tokens expire after 90 days of inactivity (docs/microsoft.md §1). */
export const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

type Form = Record<string, string | undefined>;

/** .NET-style round-trip date, as Microsoft prints it in 700082/50173 messages. */
function dotnetDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/**
 * grant_type=refresh_token. Each refresh returns a new refresh token and the old one keeps
 * working until revoked or expired, like Microsoft's. The scope may name another resource
 * (e.g. outlook.office.com) than the one the refresh token was first issued with.
 */
export function redeemRefreshToken(ctx: EmulatorContext, app: App, form: Form): Record<string, unknown> {
  const { store, clock } = ctx;
  if (!form.refresh_token) throw new TokenError(900144, { name: 'refresh_token' });
  const rt = store.refreshTokens.get(form.refresh_token);
  if (!rt || rt.clientId !== app.clientId) throw new TokenError(9002313);
  const user = store.userById(rt.userId);
  if (!user) throw new TokenError(9002313);
  const now = clock.now();
  if (rt.revoked) {
    throw new TokenError(50173, { issuedOn: dotnetDate(rt.issuedAt), validFrom: dotnetDate(rt.revokedAt ?? now) });
  }
  if (now - rt.issuedAt > REFRESH_TOKEN_LIFETIME_MS) throw new TokenError(700082, { issuedOn: dotnetDate(rt.issuedAt) });
  if (form.scope !== undefined && form.scope.trim() === '') throw new TokenError(70011, { scope: '' });
  const requested = form.scope !== undefined ? parseScopes(form.scope) : rt.scopes;
  const resources = resourcesOf(requested);
  if (resources.length > 1 && form.scope !== undefined) throw new TokenError(28000, { scope: form.scope });
  const firstResource = resources[0] ?? 'https://graph.microsoft.com';
  const forResource = requested.filter((s) => !s.includes('://') || s.toLowerCase().startsWith(`${firstResource.toLowerCase()}/`));
  if (user.signInBlocked) throw new TokenError(53003, {}, 'invalid_grant');
  if (user.mfaRequired) throw new TokenError(50076, { resourceId: resourceAppId(firstResource) });
  const consented = assertConsented(store, app, user, forResource);
  const choice = chooseResource(forResource, form.scope, consented);
  const grantScopes = [...rt.scopes];
  for (const s of requested) if (!grantScopes.some((g) => g.toLowerCase() === s.toLowerCase())) grantScopes.push(s);
  return issueTokens(ctx, { app, user, grantScopes, ...choice });
}
