import { REFRESH_TOKEN_LIFETIME_MS } from '../identity/refresh-grant.js';
import { parseScopes } from '../identity/scopes.js';
import { newCid, newGuid, newSecretValue } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import { storeSnapshotSchema } from '../state/snapshot-schema.js';
import type { App, FaultSpec, RecordedRequest, SignInAudience, StoreSnapshot, StoredMessage, Tenant, User, UserFlags } from '../state/types.js';
import { PERSONAL_TENANT_ID } from '../state/types.js';
import { addFault } from './faults.js';
import { filterRequests } from './recorder.js';

export interface CreateTenantInput { domain: string; name?: string; id?: string; userConsentAllowed?: boolean }
export interface CreateAppInput { tenantId: string; displayName?: string; clientId?: string; signInAudience?: SignInAudience; redirectUris?: string[] }
export interface CreateUserInput extends Partial<UserFlags> { email: string; tenantId?: string; personal?: boolean }
export interface GrantConsentInput { clientId: string; scopes: string[]; userEmail?: string; tenantId?: string }

/** The scripting surface of the emulator; the HTTP control routes call exactly these. */
export class EmulatorControl {
  constructor(private readonly ctx: EmulatorContext) {}

  private get store() { return this.ctx.store; }

  createTenant(o: CreateTenantInput): Tenant {
    const tenant: Tenant = { id: (o.id ?? newGuid()).toLowerCase(), domain: o.domain, name: o.name ?? o.domain, userConsentAllowed: o.userConsentAllowed ?? true };
    if (this.store.tenantByIdOrDomain(tenant.id) || this.store.tenantByIdOrDomain(tenant.domain)) throw new Error(`tenant ${o.domain} exists`);
    this.store.tenants.set(tenant.id, tenant);
    return { ...tenant };
  }

  createApp(o: CreateAppInput): App {
    const tenant = this.store.tenantByIdOrDomain(o.tenantId);
    if (!tenant) throw new Error(`unknown tenant ${o.tenantId}`);
    const app: App = {
      clientId: o.clientId ?? newGuid(), tenantId: tenant.id, displayName: o.displayName ?? 'Mailbridge',
      signInAudience: o.signInAudience ?? 'AzureADandPersonalMicrosoftAccount', redirectUris: [...(o.redirectUris ?? [])], secrets: [],
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
  }

  /** Like the portal: the ID is a GUID, the value ~40 chars with '~'; default expiry 180 days. */
  addSecret(clientId: string, o: { value?: string; expiresAt?: number } = {}): { id: string; value: string; expiresAt: number } {
    const secret = { id: newGuid(), value: o.value ?? newSecretValue(), expiresAt: o.expiresAt ?? this.ctx.clock.now() + 180 * 86_400_000 };
    this.app(clientId).secrets.push(secret);
    return { ...secret };
  }

  createUser(o: CreateUserInput): User {
    const personal = o.personal ?? false;
    const tenant = personal ? this.store.tenants.get(PERSONAL_TENANT_ID) : this.store.tenantByIdOrDomain(o.tenantId ?? o.email.split('@')[1] ?? '');
    if (!tenant) throw new Error(`unknown tenant for ${o.email}; pass tenantId or personal: true`);
    if (this.store.userByEmail(o.email)) throw new Error(`user ${o.email} exists`);
    const cid = newCid();
    // Personal accounts: oid = 00000000-0000-0000-{CID}, Graph id = the CID (MICROSOFT.md §1).
    const oid = personal ? `00000000-0000-0000-${cid.slice(0, 4)}-${cid.slice(4)}` : newGuid();
    const user: User = {
      id: personal ? cid : oid, oid, tenantId: tenant.id, email: o.email, personal,
      displayName: o.displayName ?? o.email.split('@')[0] ?? o.email,
      mail: o.mail === undefined ? o.email : o.mail,
      mailboxEnabled: o.mailboxEnabled ?? true, mailboxFull: o.mailboxFull ?? false, mfaRequired: o.mfaRequired ?? false,
      signInBlocked: o.signInBlocked ?? false, sendAs: [...(o.sendAs ?? [])],
    };
    this.store.users.set(o.email.toLowerCase(), user);
    return { ...user, sendAs: [...user.sendAs] };
  }

  private user(email: string): User {
    const user = this.store.userByEmail(email);
    if (!user) throw new Error(`unknown user ${email}`);
    return user;
  }

  updateUser(email: string, patch: Partial<UserFlags>): void {
    const user = this.user(email);
    for (const [k, v] of Object.entries(patch)) if (v !== undefined && k in user && k !== 'email') (user as unknown as Record<string, unknown>)[k] = v;
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
  }

  expireAccessTokens(userEmail?: string): void {
    const user = userEmail ? this.user(userEmail) : undefined;
    const past = this.ctx.clock.now() - 1;
    for (const t of this.store.accessTokens.values()) if (!user || t.userId === user.id) t.expiresAt = past;
  }

  injectFault(f: FaultSpec): void {
    addFault(this.ctx, f);
  }

  /** Delay added inside every Graph handler, so tests can build real concurrency (throttling). */
  setGraphLatency(ms: number): void {
    this.store.graphLatencyMs = ms;
  }

  requests(filter?: { endpoint?: string }): RecordedRequest[] {
    return filterRequests(this.ctx, filter);
  }

  mailbox(email: string): { inbox: StoredMessage[]; sentItems: StoredMessage[]; drafts: StoredMessage[] } {
    const box = this.store.mailbox(this.user(email).id);
    return structuredClone({ inbox: box.inbox, sentItems: box.sentItems, drafts: box.drafts });
  }

  reset(): void {
    this.store.reset();
  }

  /**
   * The durable state, for an embedder to keep and restore() on its next start (in-process only:
   * it holds every secret and token, so it has no HTTP route). Tokens that no longer work anyway
   * are dropped, and each folder keeps its newest `messagesPerFolder` messages, so the snapshot
   * stays small however long the emulator runs.
   */
  snapshot(o: { messagesPerFolder?: number } = {}): StoreSnapshot {
    const s = this.store.snapshot();
    const now = this.ctx.clock.now();
    const keep = o.messagesPerFolder ?? Number.POSITIVE_INFINITY;
    const newest = <T>(list: T[]): T[] => (list.length > keep ? list.slice(list.length - keep) : list);
    return {
      ...s,
      accessTokens: s.accessTokens.filter((t) => t.expiresAt > now),
      refreshTokens: s.refreshTokens.filter((t) => now - t.issuedAt <= REFRESH_TOKEN_LIFETIME_MS),
      mailboxes: s.mailboxes.map((b) => ({ ...b, inbox: newest(b.inbox), sentItems: newest(b.sentItems), drafts: newest(b.drafts) })),
    };
  }

  /** Replaces all state with a snapshot() of an earlier run; throws on a malformed one, changing nothing. */
  restore(snapshot: unknown): void {
    this.store.restore(storeSnapshotSchema.parse(snapshot));
  }
}
