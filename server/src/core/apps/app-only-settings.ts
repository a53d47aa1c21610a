import { Guid } from '@mailbridge/contract';
import type { AppOnlySettings, MicrosoftApp } from '../domain.js';
import { InvalidInputError } from '../errors.js';

/**
 * The tenant segments that name no single organisation (learn.microsoft.com
 * entra/identity-platform/v2-oauth2-client-creds-grant-flow: the client-credentials grant needs
 * the tenant's ID or domain; /common answers AADSTS50059, docs/microsoft.md §7).
 */
const NOT_ONE_TENANT: readonly string[] = ['common', 'organizations', 'consumers'];

/** Why `tenant` cannot be the app-only tenant, or null when it can (a GUID, or a domain name). */
export function appOnlyTenantProblem(tenant: string): string | null {
  const t = tenant.trim().toLowerCase();
  if (NOT_ONE_TENANT.includes(t)) return `"${tenant}" names no single organisation: app-only tokens need the tenant ID or a verified domain`;
  if (Guid.safeParse(t).success || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(t)) return null;
  return `"${tenant}" is neither a tenant ID (a GUID) nor a domain`;
}

/**
 * The app-only settings an app gets from PUT /microsoft-app: `undefined` keeps the existing ones,
 * null turns them off (the tenant is kept, to show it again). Only the organisation app sends
 * app-only. A tenant that names no single organisation → 400 app_only_tenant_required.
 */
export function appOnlyFrom(existing: MicrosoftApp | null, scope: MicrosoftApp['scope'], input: AppOnlySettings | null | undefined, pathPrefix = ''): AppOnlySettings | null {
  if (input === undefined) return existing?.appOnly ?? null;
  if (input === null) return existing?.appOnly ? { ...existing.appOnly, enabled: false } : null;
  if (scope !== 'organization') throw new InvalidInputError("Only the organisation app sends from service mailboxes", { details: [{ path: `${pathPrefix}appOnly`, message: 'only for the organisation app' }] });
  const tenant = input.tenant.trim();
  const problem = appOnlyTenantProblem(tenant);
  if (problem) {
    throw new InvalidInputError(problem, {
      diagnosis: 'app_only_tenant_required',
      params: { tenant },
      details: [{ path: `${pathPrefix}appOnly.tenant`, message: 'must be the tenant ID (a GUID) or a verified domain, not common, organizations or consumers' }],
    });
  }
  return { enabled: input.enabled, tenant };
}
