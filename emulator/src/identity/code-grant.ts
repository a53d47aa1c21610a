import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../state/context.js';
import type { App } from '../state/types.js';
import { sameAuthority } from './audience.js';
import { assertConsented, chooseResource } from './resource-scopes.js';
import { parseScopes } from './scopes.js';
import { TokenError } from './token-error.js';
import { issueTokens } from './token-issuer.js';

/** Authorization codes live about 10 minutes (docs/microsoft.md §1). */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;

type Form = Record<string, string | undefined>;

/** grant_type=authorization_code, after client authentication. */
export function redeemCode(ctx: EmulatorContext, app: App, tenantSegment: string, form: Form): Record<string, unknown> {
  const { store, clock } = ctx;
  if (!form.code) throw new TokenError(900144, { name: 'code' });
  const rec = store.codes.get(form.code);
  if (!rec || rec.clientId !== app.clientId) throw new TokenError(70000);
  if (rec.redeemed) throw new TokenError(54005);
  if (clock.now() - rec.issuedAt > CODE_LIFETIME_MS) throw new TokenError(70008);
  const user = store.userById(rec.userId);
  if (!user) throw new TokenError(70000);
  if (!sameAuthority(store, rec.tenantSegment, tenantSegment, user)) throw new TokenError(700005);
  if (!form.redirect_uri) throw new TokenError(900144, { name: 'redirect_uri' });
  if (form.redirect_uri !== rec.redirectUri) {
    throw new TokenError(50011, { uri: form.redirect_uri, appId: app.clientId }, 'invalid_grant');
  }
  if (rec.codeChallenge && !pkceMatches(rec.codeChallenge, rec.codeChallengeMethod, form.code_verifier)) {
    throw new TokenError(50148);
  }
  if (form.scope !== undefined && form.scope.trim() === '') throw new TokenError(28003);
  // Without `scope`, the token is for the first resource consented on authorize.
  const requested = form.scope !== undefined ? parseScopes(form.scope) : rec.scopes;
  const resourceScopes = form.scope !== undefined ? requested : firstResourceOnly(rec.scopes);
  const consented = assertConsented(store, app, user, resourceScopes);
  const choice = chooseResource(resourceScopes, form.scope, consented);
  rec.redeemed = true;
  return issueTokens(ctx, { app, user, grantScopes: rec.scopes, nonce: rec.nonce, ...choice });
}

/** Keeps OIDC scopes and the scopes of the first resource named. */
function firstResourceOnly(scopes: string[]): string[] {
  let first: string | undefined;
  return scopes.filter((s) => {
    const i = s.lastIndexOf('/');
    if (i < 0 || !s.includes('://')) return true;
    const resource = s.slice(0, i).toLowerCase();
    first ??= resource;
    return resource === first;
  });
}

/** RFC 7636 §4.6: S256 compares BASE64URL(SHA256(verifier)); plain compares as is. */
function pkceMatches(challenge: string, method: string | undefined, verifier: string | undefined): boolean {
  if (!verifier) return false;
  if (method === 'S256') return createHash('sha256').update(verifier).digest('base64url') === challenge;
  return verifier === challenge;
}
