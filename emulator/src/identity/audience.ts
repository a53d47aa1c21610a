import type { Store } from '../state/store.js';
import type { App, Tenant, User } from '../state/types.js';
import { PERSONAL_TENANT_ID } from '../state/types.js';

/** What the `{tenant}` path segment of an authorize or token URL designates. */
export type Segment =
  | { kind: 'common' | 'organizations' | 'consumers'; raw: string }
  | { kind: 'tenant'; raw: string; tenant: Tenant };

/** undefined = no such tenant (AADSTS90002). The consumer tenant's GUID behaves like /consumers. */
export function resolveSegment(store: Store, raw: string): Segment | undefined {
  const lower = raw.toLowerCase();
  if (lower === 'common' || lower === 'organizations' || lower === 'consumers') return { kind: lower, raw };
  const tenant = store.tenantByIdOrDomain(raw);
  if (!tenant) return undefined;
  if (tenant.id === PERSONAL_TENANT_ID) return { kind: 'consumers', raw };
  return { kind: 'tenant', raw, tenant };
}

/** AADSTS code refusing this app on this path, following its signInAudience. */
export function appSegmentError(app: App, seg: Segment): number | undefined {
  switch (app.signInAudience) {
    case 'AzureADMyOrg':
      if (seg.kind !== 'tenant') return 50194;
      return seg.tenant.id === app.tenantId ? undefined : 700016;
    case 'AzureADMultipleOrgs':
      return seg.kind === 'consumers' ? 9002332 : undefined;
    case 'PersonalMicrosoftAccount':
      return seg.kind === 'organizations' || seg.kind === 'tenant' ? 9002331 : undefined;
    default:
      return undefined;
  }
}

/** Accounts the picker offers on this path: the users of the tenant(s) it designates. */
export function accountsForSegment(store: Store, seg: Segment): User[] {
  const all = [...store.users.values()];
  switch (seg.kind) {
    case 'common': return all;
    case 'organizations': return all.filter((u) => !u.personal);
    case 'consumers': return all.filter((u) => u.personal);
    case 'tenant': return all.filter((u) => u.tenantId === seg.tenant.id);
  }
}

export type UserCheck = { ok: true } | { ok: false; code: 50020 } | { ok: false; code: 'consumers' };

/** Whether this user may sign in to this app through this path. */
export function checkUserForApp(app: App, seg: Segment, user: User): UserCheck {
  if (user.personal) {
    if (app.signInAudience === 'AzureADMyOrg' || app.signInAudience === 'AzureADMultipleOrgs') return { ok: false, code: 'consumers' };
    if (seg.kind === 'organizations' || seg.kind === 'tenant') return { ok: false, code: 50020 };
    return { ok: true };
  }
  if (app.signInAudience === 'PersonalMicrosoftAccount' || seg.kind === 'consumers') return { ok: false, code: 50020 };
  if (seg.kind === 'tenant' && seg.tenant.id !== user.tenantId) return { ok: false, code: 50020 };
  if (app.signInAudience === 'AzureADMyOrg' && user.tenantId !== app.tenantId) return { ok: false, code: 50020 };
  return { ok: true };
}

/** Whether a code issued on one path may be redeemed on another (else AADSTS700005). */
export function sameAuthority(store: Store, issuedOn: string, redeemedOn: string, user: User): boolean {
  if (issuedOn.toLowerCase() === redeemedOn.toLowerCase()) return true;
  const seg = resolveSegment(store, redeemedOn);
  if (!seg) return false;
  if (seg.kind === 'common') return true;
  if (seg.kind === 'organizations') return !user.personal;
  if (seg.kind !== 'tenant') return user.personal;
  return seg.tenant.id === user.tenantId;
}
