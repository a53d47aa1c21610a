/**
 * Scope strings as the v2.0 endpoint understands them: OIDC scopes stand alone, a bare
 * permission name ("Mail.Send") means Microsoft Graph, anything else is "resource/permission".
 */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

export function isOidcScope(scope: string): boolean {
  return (OIDC_SCOPES as readonly string[]).includes(scope.toLowerCase());
}

/** Splits a space-separated scope parameter, qualifies bare names, lower-cases OIDC scopes. */
export function parseScopes(raw: string | undefined): string[] {
  const out: string[] = [];
  for (const part of (raw ?? '').split(/\s+/)) {
    if (!part) continue;
    const s = isOidcScope(part) ? part.toLowerCase() : qualify(part);
    if (!out.some((o) => sameScope(o, s))) out.push(s);
  }
  return out;
}

function qualify(scope: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(scope) || scope.startsWith('api://')) return scope;
  if (/^[0-9a-f-]{36}\//i.test(scope)) return scope;
  return `${GRAPH_RESOURCE}/${scope}`;
}

/** Microsoft compares scopes case-insensitively. */
export function sameScope(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function resourceOf(scope: string): string | undefined {
  if (isOidcScope(scope)) return undefined;
  const i = scope.lastIndexOf('/');
  return i > 0 ? scope.slice(0, i) : undefined;
}

/** Distinct resources named by a scope list, in order of first appearance. */
export function resourcesOf(scopes: string[]): string[] {
  const out: string[] = [];
  for (const s of scopes) {
    const r = resourceOf(s);
    if (r && !out.some((o) => o.toLowerCase() === r.toLowerCase())) out.push(r);
  }
  return out;
}

/** The short permission name shown on the consent page ("Mail.Send"). */
export function permissionName(scope: string): string {
  const r = resourceOf(scope);
  return r ? scope.slice(r.length + 1) : scope;
}

export function includesScope(list: Iterable<string>, scope: string): boolean {
  for (const s of list) if (sameScope(s, scope)) return true;
  return false;
}
