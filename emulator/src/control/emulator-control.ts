import { REFRESH_TOKEN_LIFETIME_MS } from '../identity/refresh-grant.js';
import { parseScopes } from '../identity/scopes.js';
import { newCid, newGuid, newSecretValue } from '../ids.js';
import { introspectImapToken, type ImapIntrospection } from '../imap/introspect.js';
import type { EmulatorContext } from '../state/context.js';
import { storeSnapshotSchema } from '../state/snapshot-schema.js';
import type { MailLimits } from '../state/snapshot-mail.js';
import type { ChangeKind } from '../state/store.js';
import type { App, RecordedRequest, SignInAudience, StoreSnapshot, Tenant, User, UserFlags } from '../state/types.js';
import { DEFAULT_MAX_SEND_SIZE_BYTES, PERSONAL_TENANT_ID } from '../state/types.js';
import { AppOnlyControl } from './app-only-control.js';
import { filterRequests } from './recorder.js';

export interface CreateTenantInput { domain: string; name?: string; id?: string; userConsentAllowed?: boolean; smtpAuthDisabled?: boolean }
/** What updateTenant may change. */
export interface TenantPatch { name?: string; userConsentAllowed?: boolean; smtpAuthDisabled?: boolean }
export interface CreateAppInput { tenantId: string; displayName?: string; clientId?: string; signInAudience?: SignInAudience; redirectUris?: string[] }
export interface CreateUserInput extends Partial<UserFlags> { email: string; tenantId?: string; personal?: boolean }
export interface GrantConsentInput { clientId: string; scopes: string[]; userEmail?: string; tenantId?: string }

/**
 * The scripting surface of the emulator; the HTTP control routes call exactly these. Faults,
 * limits, latency and the accepted-message log come from TrafficControl; mailbox contents,
 * attachments and upload sessions from MailControl; the SMTP endpoint's from SmtpControl;
 * certificates and app-only access from AppOnlyControl.
 */
export class EmulatorControl extends AppOnlyControl {
  constructor(ctx: EmulatorContext) {
    super(ctx);
  }

  private get store() { return this.ctx.store; }

  createTenant(o: CreateTenantInput): Tenant {
    const tenant: Tenant = {
      id: (o.id ?? newGuid()).toLowerCase(), domain: o.domain, name: o.name ?? o.domain, userConsentAllowed: o.userConsentAllowed ?? true,
      smtpAuthDisabled: o.smtpAuthDisabled ?? false,
    };
    if (this.store.tenantByIdOrDomain(tenant.id) || this.store.tenantByIdOrDomain(tenant.domain)) throw new Error(`tenant ${o.domain} exists`);
    this.store.tenants.set(tenant.id, tenant);
    return { ...tenant };
  }

  /** Changes a tenant (by GUID or domain), e.g. `{smtpAuthDisabled: true}`: SMTP AUTH off for the organization. */
  updateTenant(idOrDomain: string, patch: TenantPatch): Tenant {
    const tenant = this.store.tenantByIdOrDomain(idOrDomain);
    if (!tenant) throw new Error(`unknown tenant ${idOrDomain}`);
    if (patch.name !== undefined) tenant.name = patch.name;
    if (patch.userConsentAllowed !== undefined) tenant.userConsentAllowed = patch.userConsentAllowed;
    if (patch.smtpAuthDisabled !== undefined) tenant.smtpAuthDisabled = patch.smtpAuthDisabled;
    this.store.touch();
    return { ...tenant };
  }

  createApp(o: CreateAppInput): App {
    const tenant = this.store.tenantByIdOrDomain(o.tenantId);
    if (!tenant) throw new Error(`unknown tenant ${o.tenantId}`);
    const app: App = {
      clientId: o.clientId ?? newGuid(), tenantId: tenant.id, displayName: o.displayName ?? 'Mailbridge',
      signInAudience: o.signInAudience ?? 'AzureADandPersonalMicrosoftAccount', redirectUris: [...(o.redirectUris ?? [])], secrets: [], certificates: [],
    };
    this.store.apps.set(app.clientId, app);
    return structuredClone(app);
  }

  private app(clientId: string): App {
    const app = this.store.apps.get(clientId);
    if (!app) throw new Error(`unknown app ${clientId}`);
    return app;
  }

  addRedirectUri(clientId: string, uri: string): void {
    const app = this.app(clientId);
    if (!app.redirectUris.includes(uri)) app.redirectUris.push(uri);
    this.store.touch();
  }

  /** Like the portal: the ID is a GUID, the value ~40 chars with '~'; default expiry 180 days. */
  addSecret(clientId: string, o: { value?: string; expiresAt?: number } = {}): { id: string; value: string; expiresAt: number } {
    const secret = { id: newGuid(), value: o.value ?? newSecretValue(), expiresAt: o.expiresAt ?? this.ctx.clock.now() + 180 * 86_400_000 };
    this.app(clientId).secrets.push(secret);
    this.store.touch();
    return { ...secret };
  }

  createUser(o: CreateUserInput): User {
    const personal = o.personal ?? false;
    const tenant = personal ? this.store.tenants.get(PERSONAL_TENANT_ID) : this.store.tenantByIdOrDomain(o.tenantId ?? o.email.split('@')[1] ?? '');
    if (!tenant) throw new Error(`unknown tenant for ${o.email}; pass tenantId or personal: true`);
    if (this.store.userByEmail(o.email)) throw new Error(`user ${o.email} exists`);
    const cid = newCid();
    // Personal accounts: oid = 00000000-0000-0000-{CID}, Graph id = the CID (docs/microsoft.md §1).
    const oid = personal ? `00000000-0000-0000-${cid.slice(0, 4)}-${cid.slice(4)}` : newGuid();
    const user: User = {
      id: personal ? cid : oid, oid, tenantId: tenant.id, email: o.email, personal,
      displayName: o.displayName ?? o.email.split('@')[0] ?? o.email,
      mail: o.mail === undefined ? o.email : o.mail,
      mailboxEnabled: o.mailboxEnabled ?? true, mailboxFull: o.mailboxFull ?? false, mfaRequired: o.mfaRequired ?? false,
      signInBlocked: o.signInBlocked ?? false, sendAs: [...(o.sendAs ?? [])], maxSendSizeBytes: o.maxSendSizeBytes ?? DEFAULT_MAX_SEND_SIZE_BYTES,
      smtpAuthDisabled: o.smtpAuthDisabled ?? null, imapDisabled: o.imapDisabled ?? false,
      mailboxLocale: o.mailboxLocale ?? 'en-US',
    };
    this.store.users.set(o.email.toLowerCase(), user);
    return { ...user, sendAs: [...user.sendAs] };
  }

  updateUser(email: string, patch: Partial<UserFlags>): void {
    const user = this.user(email);
    for (const [k, v] of Object.entries(patch)) if (v !== undefined && k in user && k !== 'email') (user as unknown as Record<string, unknown>)[k] = v;
    this.store.touch();
  }

  /** Without userEmail: an admin (tenant-wide) grant for `tenantId`, or the app's home tenant. */
  grantConsent(o: GrantConsentInput): void {
    const app = this.app(o.clientId);
    const scopes = parseScopes(o.scopes.join(' '));
    if (o.userEmail) {
      const user = this.user(o.userEmail);
      this.store.grants.push({ clientId: app.clientId, tenantId: user.tenantId, userId: user.id, scopes });
      return;
    }
    const tenant = this.store.tenantByIdOrDomain(o.tenantId ?? app.tenantId);
    if (!tenant) throw new Error(`unknown tenant ${o.tenantId}`);
    this.store.grants.push({ clientId: app.clientId, tenantId: tenant.id, scopes });
  }

  /** Removes the user's grants (and admin grants of their tenant) for this app: refresh → 65001. */
  revokeConsent(o: { clientId: string; userEmail: string }): void {
    const user = this.user(o.userEmail);
    this.store.grants = this.store.grants.filter((g) => !(g.clientId === o.clientId && g.tenantId === user.tenantId && (g.userId === undefined || g.userId === user.id)));
  }

  /** Like an admin revoking sessions: every refresh token of the user fails with 50173. */
  revokeRefreshTokens(userEmail: string): void {
    const user = this.user(userEmail);
    const now = this.ctx.clock.now();
    for (const rt of this.store.refreshTokens.values()) if (rt.userId === user.id) { rt.revoked = true; rt.revokedAt = now; }
    this.store.touch();
  }

  expireAccessTokens(userEmail?: string): void {
    const user = userEmail ? this.user(userEmail) : undefined;
    const past = this.ctx.clock.now() - 1;
    for (const t of this.store.accessTokens.values()) if (!user || t.userId === user.id) t.expiresAt = past;
    this.store.touch();
  }

  /**
   * What a Dovecot playing Exchange Online's IMAP asks through `passdb oauth2` (HTTP:
   * `POST /_emulator/imap/introspect`, form `token=…`): `{active: true, username}` only for a token
   * Exchange's IMAP would take, of a mailbox whose IMAP is on (imap/introspect.ts).
   */
  introspectImapToken(accessToken: string): ImapIntrospection {
    return introspectImapToken(this.ctx, accessToken);
  }

  requests(filter?: { endpoint?: string }): RecordedRequest[] {
    return filterRequests(this.ctx, filter);
  }

  reset(): void {
    this.store.reset();
  }

  /**
   * The durable state, for an embedder to keep and restore() on its next start (in-process only:
   * it holds every secret and token, so it has no HTTP route). Tokens that no longer work anyway
   * are dropped, and so are all but the newest `refreshTokensPerGrant` refresh tokens of each app
   * and user (each refresh issues one more). Mail is kept within the MailLimits given: each
   * folder's newest messages and, with a size limit, without raw MIME or attachment bytes, so
   * the snapshot stays small however long the emulator runs and however large its mail.
   */
  snapshot(o: MailLimits & { refreshTokensPerGrant?: number } = {}): StoreSnapshot {
    const s = this.store.snapshot(o);
    const now = this.ctx.clock.now();
    const perGrant = o.refreshTokensPerGrant ?? Number.POSITIVE_INFINITY;
    const seen = new Map<string, number>();
    const refreshTokens = s.refreshTokens
      .filter((t) => now - t.issuedAt <= REFRESH_TOKEN_LIFETIME_MS)
      .sort((a, b) => b.issuedAt - a.issuedAt)
      .filter((t) => {
        const key = `${t.clientId}|${t.userId}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        return seen.get(key)! <= perGrant;
      });
    return { ...s, accessTokens: s.accessTokens.filter((t) => t.expiresAt > now), refreshTokens };
  }

  /**
   * How many changes the state has seen, by kind (see Store.changes): an embedder compares them
   * with those of its last save, and saves only when they moved, durable changes first.
   */
  changes(): Readonly<Record<ChangeKind, number>> {
    return { ...this.store.changes };
  }

  /** Replaces all state with a snapshot() of an earlier run; throws on a malformed one, changing nothing. */
  restore(snapshot: unknown): void {
    this.store.restore(storeSnapshotSchema.parse(snapshot));
  }
}
