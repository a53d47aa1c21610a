import type { EmulatorContext } from '../state/context.js';
import type { AccessToken, User } from '../state/types.js';
import { GRAPH_RESOURCE } from '../identity/scopes.js';
import { graphError } from './graph-error.js';

/** Exchange's answer when an application access policy keeps the app out of the mailbox (docs/microsoft.md §7). */
export const ACCESS_POLICY_BLOCKED = 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.';

/** The `{id | userPrincipalName}` of a `/v1.0/users/{…}/…` request, decoded; undefined for /me. */
export function namedMailbox(url: string): string | undefined {
  const m = /^\/v1\.0\/users\/([^/?]+)/i.exec(url);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return m[1];
  }
}

/** The user a `/users/{key}` names: by id, object id, user principal name or mail address. */
export function userByKey(ctx: EmulatorContext, key: string): User | undefined {
  const k = key.toLowerCase();
  for (const u of ctx.store.users.values()) {
    if ([u.id, u.oid, u.email, u.mail ?? ''].some((v) => v.toLowerCase() === k)) return u;
  }
  return undefined;
}

/**
 * What an app may do in one mailbox, as Exchange decides at each request: its Entra application
 * permissions (the token's roles) unless an application access policy keeps it out of this
 * mailbox, plus the "Application …" roles assigned to it in Exchange (RBAC for Applications)
 * whose scope holds the mailbox. The two add up: an unscoped Entra grant is not narrowed by a
 * scoped Exchange assignment. Throws 403 with the access-policy text when only a policy stands
 * in the way.
 */
function mailboxPermissions(ctx: EmulatorContext, token: AccessToken, user: User): string[] {
  const { store } = ctx;
  const mine = <T extends { clientId: string; tenantId: string }>(x: T) => x.clientId === token.clientId && x.tenantId === token.tenantId;
  const email = user.email.toLowerCase();
  const policies = store.accessPolicies.filter(mine);
  const denied = policies.some((p) => p.accessRight === 'DenyAccess' && p.mailboxes.includes(email));
  const restricts = policies.filter((p) => p.accessRight === 'RestrictAccess');
  const entraAllowed = !denied && (restricts.length === 0 || restricts.some((p) => p.mailboxes.includes(email)));
  const exchange = store.exchangeRoleAssignments
    .filter((a) => mine(a) && (a.mailboxes === null || a.mailboxes.includes(email)) && /^Application /i.test(a.role))
    .map((a) => `${GRAPH_RESOURCE}/${a.role.replace(/^Application /i, '')}`);
  if (!entraAllowed && token.scopes.length > 0 && exchange.length === 0) throw graphError('ErrorAccessDenied', { message: ACCESS_POLICY_BLOCKED });
  return [...(entraAllowed ? token.scopes : []), ...exchange];
}

/**
 * An app-only token at Graph: it has no /me (400), the mailbox it acts on is the one the URL
 * names, which must be a user of the token's tenant (404 ErrorInvalidUser otherwise), and the
 * token handed to the route carries what the app may do in that mailbox (see
 * mailboxPermissions): a route missing its permission answers 403 ErrorAccessDenied.
 */
export function appOnlyMailbox(ctx: EmulatorContext, token: AccessToken, named: string | undefined): { token: AccessToken; user: User } {
  if (named === undefined) throw graphError('BadRequest', { message: '/me request is only valid with delegated authentication flow.' });
  const user = userByKey(ctx, named);
  if (!user || user.tenantId !== token.tenantId) throw graphError('ErrorInvalidUser', { params: { user: named } });
  return { token: { ...token, scopes: mailboxPermissions(ctx, token, user) }, user };
}
