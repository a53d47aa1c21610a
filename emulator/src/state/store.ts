import type {
  AccessToken, App, ApplicationAccessPolicy, AppPermissionGrant, AuthCode, ConsentGrant, ExchangeRoleAssignment, DeltaTokenState, Mailbox, RecordedRequest, RefreshToken, StoreSnapshot, StoredMessage, Tenant, UploadSession, User, UserFolder,
} from './types.js';
import { PERSONAL_TENANT_ID } from './types.js';
import { Traffic } from './traffic.js';
import { keptMail, type MailLimits } from './snapshot-mail.js';
import { TrackedList, TrackedMap } from './tracked.js';

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

/** What a change touched: `durable` (directory, consents, tokens) or `mail` (mailbox contents). */
export type ChangeKind = 'durable' | 'mail';

/** All mutable state of one emulator instance, in maps and arrays that count their changes. */
export class Store {
  /**
   * Changes so far, by kind: an embedder that keeps snapshot()s saves only when these moved, and
   * can save durable changes (a token it handed out) sooner than mail. Maps and arrays count what
   * is added or removed; code editing a record in place calls touch(). Auth codes count as
   * durable: the consent that issues one may have edited its grant in place.
   */
  readonly changes: Record<ChangeKind, number> = { durable: 0, mail: 0 };
  private readonly durableChanged = () => void this.changes.durable++;
  private readonly mailChanged = () => void this.changes.mail++;
  tenants = new TrackedMap<string, Tenant>(this.durableChanged);
  apps = new TrackedMap<string, App>(this.durableChanged);
  /** Keyed by lower-cased email. */
  users = new TrackedMap<string, User>(this.durableChanged);
  #grants = TrackedList.tracking<ConsentGrant>([], this.durableChanged);
  /** Admin consent to application permissions, Exchange role assignments and access policies (app-only access). */
  appPermissionGrants = TrackedList.tracking<AppPermissionGrant>([], this.durableChanged);
  exchangeRoleAssignments = TrackedList.tracking<ExchangeRoleAssignment>([], this.durableChanged);
  accessPolicies = TrackedList.tracking<ApplicationAccessPolicy>([], this.durableChanged);
  /**
   * `jti`s of client assertions already accepted, with when they stop mattering (scratch: an
   * assertion lives minutes). See identity/client-assertion.ts.
   */
  usedAssertionIds = new Map<string, number>();
  codes = new TrackedMap<string, AuthCode>(this.durableChanged);
  refreshTokens = new TrackedMap<string, RefreshToken>(this.durableChanged);
  accessTokens = new TrackedMap<string, AccessToken>(this.durableChanged);
  flows = new Map<string, PendingFlow>();
  mailboxes = new TrackedMap<string, Mailbox>(this.mailChanged);
  /** Attachment upload sessions by id (scratch: an upload in progress is not saved). */
  uploadSessions = new Map<string, UploadSession>();
  /**
   * Delta state tokens ($skiptoken, $deltatoken) by token (scratch, like Exchange's bounded token
   * cache: a token unknown after a restart answers SyncStateNotFound). See graph/delta-state.ts.
   */
  deltaTokens = new Map<string, DeltaTokenState>();
  /** Faults, limits, Sent Items lag and the accepted-message log (scratch state). */
  traffic = new Traffic();
  recorded: RecordedRequest[] = [];
  /** Artificial latency for Graph handlers, so tests can create real concurrency. */
  graphLatencyMs = 0;

  constructor() {
    this.reset();
  }

  get grants(): ConsentGrant[] {
    return this.#grants;
  }

  set grants(list: ConsentGrant[]) {
    this.durableChanged();
    this.#grants = TrackedList.tracking(list, this.durableChanged);
  }

  /** Counts a change made inside a record (a revoked token, a user's flags). */
  touch(kind: ChangeKind = 'durable'): void {
    this.changes[kind]++;
  }

  reset(): void {
    this.tenants.clear();
    this.apps.clear();
    this.users.clear();
    this.grants = [];
    for (const list of [this.appPermissionGrants, this.exchangeRoleAssignments, this.accessPolicies]) if (list.length > 0) list.splice(0);
    this.usedAssertionIds.clear();
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    this.flows.clear();
    this.mailboxes.clear();
    this.uploadSessions.clear();
    this.deltaTokens.clear();
    this.traffic.reset();
    this.recorded = [];
    this.graphLatencyMs = 0;
    // The consumer tenant always exists: personal accounts live there (docs/microsoft.md §1).
    this.tenants.set(PERSONAL_TENANT_ID, {
      id: PERSONAL_TENANT_ID, domain: 'live.com', name: 'Microsoft Accounts', userConsentAllowed: true, smtpAuthDisabled: false,
    });
  }

  /**
   * A deep copy of the durable state (see StoreSnapshot); later changes do not show in it. Mail
   * is kept within `limits` (see keptMail), so its cost does not grow with what was sent.
   */
  snapshot(limits: MailLimits = {}): StoreSnapshot {
    return {
      ...structuredClone({
        version: 1 as const,
        tenants: [...this.tenants.values()],
        apps: [...this.apps.values()],
        users: [...this.users.values()],
        grants: [...this.grants],
        appPermissionGrants: [...this.appPermissionGrants],
        exchangeRoleAssignments: [...this.exchangeRoleAssignments],
        accessPolicies: [...this.accessPolicies],
        refreshTokens: [...this.refreshTokens.values()],
        accessTokens: [...this.accessTokens.values()],
      }),
      mailboxes: keptMail(this.mailboxes, limits),
    };
  }

  /** Replaces all state with a snapshot's: what a reset() followed by the snapshot's records gives. */
  restore(snapshot: StoreSnapshot): void {
    const s = structuredClone(snapshot);
    this.reset();
    for (const t of s.tenants) this.tenants.set(t.id, t);
    for (const a of s.apps) this.apps.set(a.clientId, a);
    for (const u of s.users) this.users.set(u.email.toLowerCase(), u);
    this.grants = s.grants;
    this.appPermissionGrants.push(...s.appPermissionGrants);
    this.exchangeRoleAssignments.push(...s.exchangeRoleAssignments);
    this.accessPolicies.push(...s.accessPolicies);
    for (const rt of s.refreshTokens) this.refreshTokens.set(rt.token, rt);
    for (const at of s.accessTokens) this.accessTokens.set(at.token, at);
    for (const { userId, ...box } of s.mailboxes) this.mailboxes.set(userId, this.newMailbox(box));
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
      box = this.newMailbox({ inbox: [], sentItems: [], drafts: [], deletedItems: [], junkEmail: [], archive: [], folders: [] });
      // An empty mailbox made on first read is no change worth saving.
      this.mailboxes.setQuietly(userId, box);
    }
    return box;
  }

  /** Folders count their changes; a folder replaced by assignment would not. */
  private newMailbox(box: Mailbox): Mailbox {
    const track = (list: StoredMessage[]) => TrackedList.tracking(list, this.mailChanged);
    return {
      inbox: track(box.inbox), sentItems: track(box.sentItems), drafts: track(box.drafts),
      deletedItems: track(box.deletedItems), junkEmail: track(box.junkEmail), archive: track(box.archive),
      folders: TrackedList.tracking(box.folders.map((f) => this.trackedFolder(f)), this.mailChanged),
    };
  }

  /** The folder with a message list that counts its changes, to put in a mailbox. */
  trackedFolder(folder: UserFolder): UserFolder {
    return { ...folder, messages: TrackedList.tracking(folder.messages, this.mailChanged) };
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
