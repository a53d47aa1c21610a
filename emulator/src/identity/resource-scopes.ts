import type { Store } from '../state/store.js';
import type { App, User } from '../state/types.js';
import { GRAPH_RESOURCE, includesScope, isOidcScope, resourceOf, resourcesOf } from './scopes.js';
import { TokenError } from './token-error.js';

/** Well-known resource app ids, used in MFA messages ("…to access '{resourceId}'"). */
const RESOURCE_APP_IDS: Record<string, string> = {
  'https://graph.microsoft.com': '00000003-0000-0000-c000-000000000000',
  'https://outlook.office.com': '00000002-0000-0ff1-ce00-000000000000',
  'https://outlook.office365.com': '00000002-0000-0ff1-ce00-000000000000',
};

export function resourceAppId(resource: string): string {
  return RESOURCE_APP_IDS[resource.toLowerCase()] ?? resource;
}

export interface ResourceChoice {
  resource: string;
  /** Fully qualified scopes of `resource` that go into the access token. */
  resourceScopes: string[];
}

/**
 * Picks the one resource a token is for. A token request naming two resources fails with
 * AADSTS28000 (docs/microsoft.md §1); the access token then carries every scope consented for that
 * resource, as Microsoft's does, not only the ones asked for.
 */
export function chooseResource(requested: string[], rawScope: string | undefined, consented: Set<string>): ResourceChoice {
  const resources = resourcesOf(requested);
  if (resources.length > 1) throw new TokenError(28000, { scope: rawScope ?? requested.join(' ') });
  const resource = resources[0] ?? GRAPH_RESOURCE;
  const out: string[] = [];
  const add = (s: string) => { if (!includesScope(out, s)) out.push(s); };
  for (const s of requested) if (!isOidcScope(s) && !s.endsWith('/.default')) add(s);
  for (const s of consented) if (!isOidcScope(s) && resourceOf(s)?.toLowerCase() === resource.toLowerCase() && !s.endsWith('/.default')) add(s);
  return { resource, resourceScopes: out };
}

/** AADSTS65001 unless every requested resource scope is granted to this app for this user. */
export function assertConsented(store: Store, app: App, user: User, requested: string[]): Set<string> {
  const consented = store.consentedScopes(app.clientId, user);
  const anyGrant = store.grants.some((g) => g.clientId === app.clientId && g.tenantId === user.tenantId && (g.userId === undefined || g.userId === user.id));
  const missing = requested.some((s) => !isOidcScope(s) && !s.endsWith('/.default') && !includesScope(consented, s));
  if (!anyGrant || missing) throw new TokenError(65001, { appId: app.clientId, appName: app.displayName });
  return consented;
}
