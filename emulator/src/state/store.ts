import type {
  AccessToken, App, AuthCode, ConsentGrant, FaultSpec, Mailbox, RecordedRequest, RefreshToken, StoreSnapshot, Tenant, User,
} from './types.js';
import { PERSONAL_TENANT_ID } from './types.js';

/** A pending sign-in between the authorize GET and the final redirect. */
export interface PendingFlow {
  id: string;
  tenantSegment: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  loginHint?: string;
  forceConsent: boolean;
  /** Set once an account was picked; the consent page then acts for this user. */
  userId?: string;
  createdAt: number;
}

/** All mutable state of one emulator instance, in plain maps. */
export class Store {
  tenants = new Map<string, Tenant>();
  apps = new Map<string, App>();
  /** Keyed by lower-cased email. */
  users = new Map<string, User>();
  grants: ConsentGrant[] = [];
  codes = new Map<string, AuthCode>();
  refreshTokens = new Map<string, RefreshToken>();
  accessTokens = new Map<string, AccessToken>();
  flows = new Map<string, PendingFlow>();
  mailboxes = new Map<string, Mailbox>();
  faults: Array<{ spec: FaultSpec; remaining: number }> = [];
  recorded: RecordedRequest[] = [];
  /** Artificial latency for Graph handlers, so tests can create real concurrency. */
  graphLatencyMs = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.tenants.clear();
    this.apps.clear();
    this.users.clear();
    this.grants = [];
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    this.flows.clear();
    this.mailboxes.clear();
    this.faults = [];
    this.recorded = [];
    this.graphLatencyMs = 0;
    // The consumer tenant always exists: personal accounts live there (MICROSOFT.md §1).
    this.tenants.set(PERSONAL_TENANT_ID, {
      id: PERSONAL_TENANT_ID, domain: 'live.com', name: 'Microsoft Accounts', userConsentAllowed: true,
    });
  }

  /** A deep copy of the durable state (see StoreSnapshot); later changes do not show in it. */
  snapshot(): StoreSnapshot {
    return structuredClone({
      version: 1,
      tenants: [...this.tenants.values()],
      apps: [...this.apps.values()],
      users: [...this.users.values()],
      grants: this.grants,
      refreshTokens: [...this.refreshTokens.values()],
      accessTokens: [...this.accessTokens.values()],
      mailboxes: [...this.mailboxes].map(([userId, box]) => ({ userId, ...box })),
    });
  }

  /** Replaces all state with a snapshot's: what a reset() followed by the snapshot's records gives. */
  restore(snapshot: StoreSnapshot): void {
    const s = structuredClone(snapshot);
    this.reset();
    for (const t of s.tenants) this.tenants.set(t.id, t);
    for (const a of s.apps) this.apps.set(a.clientId, a);
    for (const u of s.users) this.users.set(u.email.toLowerCase(), u);
    this.grants = s.grants;
    for (const rt of s.refreshTokens) this.refreshTokens.set(rt.token, rt);
    for (const at of s.accessTokens) this.accessTokens.set(at.token, at);
    for (const { userId, inbox, sentItems, drafts } of s.mailboxes) this.mailboxes.set(userId, { inbox, sentItems, drafts });
  }

  userByEmail(email: string): User | undefined {
    return this.users.get(email.toLowerCase());
  }

  userById(id: string): User | undefined {
    for (const u of this.users.values()) if (u.id === id || u.oid === id) return u;
    return undefined;
  }

  /** Finds a tenant by GUID or by its domain, case-insensitively. */
  tenantByIdOrDomain(key: string): Tenant | undefined {
    const k = key.toLowerCase();
    for (const t of this.tenants.values()) if (t.id === k || t.domain.toLowerCase() === k) return t;
    return undefined;
  }

  mailbox(userId: string): Mailbox {
    let box = this.mailboxes.get(userId);
    if (!box) {
      box = { inbox: [], sentItems: [], drafts: [] };
      this.mailboxes.set(userId, box);
    }
    return box;
  }

  /** Scopes consented for this app and user: their own grant plus any admin grant of their tenant. */
  consentedScopes(clientId: string, user: User): Set<string> {
    const out = new Set<string>();
    for (const g of this.grants) {
      if (g.clientId !== clientId || g.tenantId !== user.tenantId) continue;
      if (g.userId !== undefined && g.userId !== user.id) continue;
      for (const s of g.scopes) out.add(s);
    }
    return out;
  }

  hasAdminGrant(clientId: string, tenantId: string): boolean {
    return this.grants.some((g) => g.clientId === clientId && g.tenantId === tenantId && g.userId === undefined);
  }
}
