import type { ApiKey, Cloud, LinkFlow, MailAccount, MicrosoftApp, OneTimeToken, OneTimeTokenKind, Problem, Session, TokenResource, TokenSet, User } from './domain.js';
import type { Sensitive } from './sensitive.js';
import type { OutboxMessage, OutboxStatus } from './outbox/outbox-message.js';
import type { DomainEvent, NewEvent } from './events/domain-event.js';
import type { Webhook, WebhookAttempt, WebhookDelivery } from './webhooks/webhook.js';
import type { MailbridgeError } from './errors.js';
import type { FolderListing, FolderSyncCursor, MailFolder } from './mailbox/mail-folder.js';
import type { IncomingMailMessage, MailFlags, MailMessage, MailMessageFilter, MailMessageRef } from './mailbox/mail-message.js';
import type { MailboxSyncState } from './mailbox/mailbox-sync-state.js';
import type { RelayCredential, RelaySender } from './relay/relay-credential.js';

// ---- Storage ---------------------------------------------------------------------------------

/** Where a page of a list starts: after the row with this creation time and id (keyset paging). */
export interface PageKey {
  createdAt: Date;
  id: string;
}

/** A page request: rows after `after` (from the start without one) in (createdAt, id) order. */
export interface PageRequest {
  after?: PageKey | undefined;
  limit: number;
}

/** At most `limit` rows; `more` when at least one row follows them. */
export interface KeysetPage<T> {
  items: T[];
  more: boolean;
}

export interface UserRepository {
  create(user: User): Promise<void>;
  get(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  /** Every user, oldest first (internal: the API pages with listPage). */
  list(): Promise<User[]>;
  /** One page of users, oldest first, id breaking ties. */
  listPage(page: PageRequest): Promise<KeysetPage<User>>;
  count(): Promise<number>;
  update(id: string, patch: Partial<Pick<User, 'name' | 'role' | 'passwordHash' | 'disabledAt'>>): Promise<void>;
}

export interface ApiKeyRepository {
  create(key: ApiKey): Promise<void>;
  /** The key with this hash, if not revoked. */
  findActiveByHash(hash: string): Promise<ApiKey | null>;
  revoke(id: string, at: Date): Promise<void>;
  /** A user's keys that are not revoked, oldest first. */
  listActiveByUser(userId: string): Promise<ApiKey[]>;
  setLastUsed(id: string, at: Date): Promise<void>;
}

export interface SessionRepository {
  create(session: Session): Promise<void>;
  get(idHash: string): Promise<Session | null>;
  touch(idHash: string, lastSeenAt: Date): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of a user, but the one kept (after a password change). */
  deleteForUser(userId: string, keepIdHash?: string): Promise<void>;
  /** Sessions idle since before `idleBefore` or past their absolute end at `now`. */
  deleteExpired(now: Date, idleBefore: Date): Promise<number>;
}

export interface OneTimeTokenRepository {
  create(token: OneTimeToken): Promise<void>;
  find(tokenHash: string): Promise<OneTimeToken | null>;
  /**
   * Spends the token if it is of this kind, unused and unexpired at `at`; null otherwise. One
   * conditional UPDATE, so of two racing requests exactly one wins.
   */
  consume(tokenHash: string, kind: OneTimeTokenKind, at: Date): Promise<OneTimeToken | null>;
  /** Drops the unused tokens of a kind (for one user, or those without a user): a new one replaces them. */
  deleteUnused(kind: OneTimeTokenKind, userId: string | null): Promise<void>;
  deleteExpired(before: Date): Promise<number>;
}

export interface AppRepository {
  get(id: string): Promise<MicrosoftApp | null>;
  getOrganizationApp(): Promise<MicrosoftApp | null>;
  /** Insert or replace by id. */
  save(app: MicrosoftApp): Promise<void>;
  delete(id: string): Promise<void>;
  setLastError(id: string, problem: Problem | null): Promise<void>;
}

export interface AccountRepository {
  create(account: MailAccount): Promise<void>;
  get(id: string): Promise<MailAccount | null>;
  /** All accounts, or one user's. Ordered by creation. */
  list(filter?: { userId?: string }): Promise<MailAccount[]>;
  /** One page of all accounts, or of one user's, oldest first, id breaking ties. */
  listPage(filter: { userId?: string }, page: PageRequest): Promise<KeysetPage<MailAccount>>;
  /** Accounts whose own app is `appId`, or (null) those using the organisation app. */
  listByApp(appId: string | null): Promise<MailAccount[]>;
  update(id: string, patch: Partial<Omit<MailAccount, 'id' | 'createdAt'>>): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * An account's tokens, one set per resource (Graph's unless named). Saving one resource's stores
 * its refresh token on the account's other rows too: Microsoft rotates one refresh token for all.
 */
export interface TokenRepository {
  get(accountId: string, resource?: TokenResource): Promise<TokenSet | null>;
  /** What Microsoft said each stored token allows (its `scope` answer), by resource. */
  scopes(accountId: string): Promise<Partial<Record<TokenResource, string>>>;
  save(accountId: string, tokens: TokenSet, resource?: TokenResource): Promise<void>;
  /** Every resource's. */
  delete(accountId: string): Promise<void>;
}

export interface LinkFlowRepository {
  create(flow: LinkFlow): Promise<void>;
  findByState(state: string): Promise<LinkFlow | null>;
  findByTicketHash(ticketHash: string): Promise<LinkFlow | null>;
  /** Binds the flow to a browser; false if it was already bound (the ticket is single use). */
  bindBrowser(state: string, browserKeyHash: string): Promise<boolean>;
  /** Marks the flow used; false if it already was (the state is single use). */
  markUsed(state: string, at: Date): Promise<boolean>;
  deleteExpired(before: Date): Promise<number>;
}

/** A budget of attempts: at most `max` in a window of `windowMs`. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * Attempt counters shared by every instance on the same database (sign-in, invitations, password
 * changes). `hit` counts one attempt under `key` and says whether it fits the limit; when it does
 * not, `retryAfterSeconds` is when the window ends. Atomic: of racing hits, at most `max` pass.
 */
export interface RateLimitRepository {
  hit(key: string, limit: RateLimit, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  /**
   * Read-only: whether one more attempt under `key` would still fit (fewer than `max` hits in the
   * current window), counting nothing. For limits on failures only (the relay's AUTH): check
   * first, `hit` when an attempt failed.
   */
  check(key: string, limit: RateLimit, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/**
 * The built-in sandbox's state (server/src/sandbox/), so its tenant, consents and tokens outlive
 * a restart like a real tenant's. One opaque JSON document; the repository keeps it encrypted.
 */
export interface SandboxStateRepository {
  load(): Promise<Sensitive | null>;
  save(state: Sensitive, at: Date): Promise<void>;
}

export interface OutboxRepository {
  /** 'duplicate' when the (user, account, idempotency key) already has a message. */
  insert(message: OutboxMessage): Promise<'inserted' | 'duplicate'>;
  get(id: string, opts?: { withContent?: boolean }): Promise<OutboxMessage | null>;
  /** Without content. */
  findByIdempotencyKey(userId: string, accountId: string, key: string): Promise<OutboxMessage | null>;
  /** Changes the message only if it is still as expected; false when it was not. */
  update(id: string, patch: Partial<Omit<OutboxMessage, 'id'>>, expect?: { statuses?: readonly OutboxStatus[]; leaseOwner?: string; sendNotStarted?: boolean }): Promise<boolean>;
  /** Newest first, without content. `ownerUserId`: messages of that user's accounts. */
  listPage(filter: { accountId?: string; ownerUserId?: string; status?: OutboxStatus }, page: PageRequest): Promise<KeysetPage<OutboxMessage>>;
  /** Linked accounts with messages due at `now` (or whose lease expired), the longest waiting first. */
  dueAccounts(now: Date, limit: number): Promise<string[]>;
  /** Serialises claims for one account until the transaction ends (PostgreSQL advisory lock). */
  lockAccount(accountId: string): Promise<void>;
  /** Due messages of an account, oldest first, locked for this transaction (SKIP LOCKED). */
  claimable(accountId: string, now: Date, limit: number, exclude?: ReadonlySet<string>): Promise<Array<{ id: string; recipientCount: number }>>;
  /** Messages of the account being sent right now under a live lease. */
  countSending(accountId: string, now: Date): Promise<number>;
  /** Marks the messages `sending` under `owner`'s lease, counting an attempt. */
  claim(ids: string[], owner: string, now: Date, leaseUntil: Date): Promise<void>;
  /** Extends the leases of these messages while they are held by claims of this process (`owner` prefix). */
  renewLeases(ownerPrefix: string, ids: string[], until: Date): Promise<void>;
  /** Gives back those not yet at the send step (a clean stop); the others keep their leases until they run out. */
  handBack(ownerPrefix: string, ids: string[]): Promise<void>;
  /** Ids of waiting (queued, scheduled, retrying) messages, of one account or due before a time. */
  waitingIds(filter: { accountId?: string; dueBefore?: Date; limit?: number }): Promise<string[]>;
  /** Moves an account's due messages to `until` (a limit is full until then): the API says when they go. */
  postpone(accountId: string, until: Date, now: Date): Promise<void>;
  /** Undoes postponements (the limits changed): queued messages are due again from their own time. */
  expedite(accountId: string, now: Date): Promise<void>;
  /** Holds an account's waiting messages with the problem a person must fix; the number held. */
  hold(accountId: string, problem: Problem, now: Date): Promise<number>;
  /** Releases them, due at once; the number released. */
  release(accountId: string, now: Date): Promise<number>;
}

/**
 * The files of messages (issue 9), kept in the database in encrypted chunks of
 * ATTACHMENT_CHUNK_BYTES so that every instance can deliver every message. A file is staged while
 * its request arrives and owned by its message once the message is queued.
 */
export interface AttachmentRepository {
  /** Starts a file being received for `userId`: staged until a message claims it. */
  begin(id: string, userId: string, at: Date): Promise<void>;
  /** Stores chunk `seq` (from 0) of a file. */
  putChunk(id: string, seq: number, data: Buffer): Promise<void>;
  /** The file is whole. (Its SHA-256 stays in the message's encrypted content, not in clear.) */
  finish(id: string, size: number): Promise<void>;
  /** Gives finished staged files of `userId` to a message (inside its transaction); false if one is missing or taken. */
  claim(ids: readonly string[], userId: string, messageId: string): Promise<boolean>;
  /** Chunk `seq` of a file, decrypted; null when it is gone. */
  chunk(id: string, seq: number): Promise<Buffer | null>;
  /** How many of these files are still stored. */
  countStored(ids: readonly string[]): Promise<number>;
  /** Deletes files with their chunks (a refused request, an idempotent replay). */
  delete(ids: readonly string[]): Promise<void>;
  /** Deletes a message's files (accepted: Microsoft has them). */
  deleteForMessage(messageId: string): Promise<void>;
  /** Deletes staged files begun before `before` (requests that never finished); how many. */
  pruneStaged(before: Date): Promise<number>;
  /** Deletes the files of messages that ended (failed, cancelled, accepted) before `before`; how many files. */
  pruneEnded(before: Date): Promise<number>;
}

export interface EventRepository {
  /** Stores the event with the account's next sequence number (none for app events). */
  append(event: NewEvent): Promise<DomainEvent>;
  listForMessage(messageId: string): Promise<DomainEvent[]>;
  listForAccount(accountId: string, afterSequence: number, limit: number): Promise<DomainEvent[]>;
}

/** Client-secret expiry notices already raised (core/apps/secret-expiry.ts). */
export interface SecretNoticeRepository {
  /** Remembers the notice; false if it was already recorded (by this or another instance). */
  record(appId: string, secretFingerprint: string, kind: string, at: Date): Promise<boolean>;
}

/** Named locks that expire on their own, shared by every instance on the database. */
export interface LeaseRepository {
  /** True if `owner` holds the lease until `until` (it was free, expired, or already its own). */
  acquire(name: string, owner: string, until: Date, now: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
  holder(name: string, now: Date): Promise<string | null>;
  /** The leases not yet expired whose names start with `prefix`, with their holders. */
  live(prefix: string, now: Date): Promise<Array<{ name: string; owner: string }>>;
}

/** The log the per-mailbox limits count: every hand-over attempt, with its recipients. */
export interface SendAttemptRepository {
  record(accountId: string, at: Date, recipients: number): Promise<void>;
  usage(accountId: string, now: Date): Promise<{ lastMinute: number; recipientsLastDay: number; oldestInMinute: Date | null }>;
  prune(before: Date): Promise<void>;
}

export interface WebhookRepository {
  create(w: Webhook): Promise<void>;
  get(id: string): Promise<Webhook | null>;
  update(id: string, patch: Partial<Omit<Webhook, 'id' | 'createdAt' | 'userId' | 'scope'>>): Promise<void>;
  delete(id: string): Promise<void>;
  listPage(filter: { userId?: string }, page: PageRequest): Promise<KeysetPage<Webhook>>;
  /** Enabled endpoints that receive events of an account owned by `ownerId` (null: app events). */
  subscribers(ownerId: string | null): Promise<Webhook[]>;
  /** Owes the event to the endpoint (once: a second call for the same pair does nothing). */
  enqueue(d: WebhookDelivery): Promise<void>;
  /** Endpoints with deliveries due, with their owners, the longest waiting first. */
  dueEndpoints(now: Date, limit: number): Promise<Array<{ webhookId: string; userId: string }>>;
  /** How many endpoints a user has. */
  count(userId: string): Promise<number>;
  /** Leases up to `limit` of an endpoint's due deliveries, oldest first (SKIP LOCKED on PostgreSQL). */
  claim(webhookId: string, owner: string, now: Date, leaseUntil: Date, limit: number, exclude: ReadonlySet<string>): Promise<WebhookDelivery[]>;
  /** Ends an attempt if `owner` still holds the lease. */
  settle(id: string, owner: string, patch: { status: WebhookDelivery['status']; attempts: number; nextAttemptAt: Date; updatedAt: Date }): Promise<boolean>;
  recordAttempt(a: WebhookAttempt): Promise<void>;
  /** Deletes finished deliveries and attempt log rows older than `before`. */
  prune(before: Date): Promise<void>;
  /** When the event was first tried on the endpoint. */
  firstAttemptAt(webhookId: string, eventId: string): Promise<Date | null>;
  /** Newest first. */
  listAttempts(webhookId: string, page: PageRequest): Promise<KeysetPage<WebhookAttempt>>;
}

/** The SMTP relay's credentials (issue 12), found by username; only the password's hash is stored. */
export interface RelayCredentialRepository {
  /** 'username_taken' when another credential has the username (the caller draws another). */
  create(c: RelayCredential): Promise<'created' | 'username_taken'>;
  findByUsername(username: string): Promise<RelayCredential | null>;
  /** The credential with its account and its owner's state, in one read; null once either is gone. */
  findSender(credentialId: string): Promise<RelaySender | null>;
  /** One page of an account's credentials, oldest first, id breaking ties. */
  listByAccount(accountId: string, page: PageRequest): Promise<KeysetPage<RelayCredential>>;
  /** Deletes the account's credential; false when it has none with that id. */
  delete(accountId: string, id: string): Promise<boolean>;
  setLastUsed(id: string, at: Date): Promise<void>;
}

// ---- The mailbox (issue 11) ------------------------------------------------------------------

/** Each account's reading switch and sync progress, one row per account. */
export interface MailboxStateRepository {
  /** Null when the account never had reading turned on (read it as mailboxOff). */
  get(accountId: string): Promise<MailboxSyncState | null>;
  /** Creates the row (from mailboxOff) or changes it; `at` becomes updatedAt. */
  update(accountId: string, patch: Partial<Omit<MailboxSyncState, 'accountId' | 'updatedAt'>>, at: Date): Promise<void>;
  /** The states of the accounts whose reading is on: the ones to sync. */
  listReading(): Promise<MailboxSyncState[]>;
}

/** An account's folders, by Mailbridge id, each unique by its remote id within the account. */
export interface MailFolderRepository {
  /** Inserts new folders and renames or moves known ones (by remote id); every listed folder, as stored. */
  upsert(accountId: string, folders: readonly FolderListing[], at: Date): Promise<MailFolder[]>;
  /** The account's folders by path. */
  list(accountId: string): Promise<MailFolder[]>;
  /** The folder if it is the account's. */
  get(accountId: string, id: string): Promise<MailFolder | null>;
  setCounts(id: string, counts: { unread: number; total: number }, at: Date): Promise<void>;
  /** Replaces the folder's sync position (a UIDVALIDITY change or an expired delta link resets it). */
  setSyncCursor(id: string, cursor: FolderSyncCursor, at: Date): Promise<void>;
  /** Deletes the account's folders not among `remoteIds` (gone from the mailbox), with their messages; how many. */
  deleteMissing(accountId: string, remoteIds: readonly string[]): Promise<number>;
}

/**
 * The envelopes and flags of an account's messages. Their subject, sender and snippet are stored
 * in clear: the database indexes them for the full-text search (`q`); bodies are apart, encrypted.
 */
export interface MailMessageRepository {
  /**
   * Stores messages of a folder, idempotently by remote id: a known one gets the new envelope and
   * flags and keeps its id. One result per message, `created` for those stored for the first time.
   */
  upsert(accountId: string, folderId: string, messages: readonly IncomingMailMessage[], at: Date): Promise<Array<{ id: string; remoteId: string; created: boolean }>>;
  /**
   * One page of an account's messages, newest first (date, then id, descending). The page key's
   * `createdAt` is the last message's `date`, so cursors encode like the other lists'.
   */
  listPage(accountId: string, filter: MailMessageFilter, page: PageRequest): Promise<KeysetPage<MailMessage>>;
  get(ref: MailMessageRef): Promise<MailMessage | null>;
  /** The account's messages with this Message-ID (a copy may sit in several folders). */
  findByInternetMessageId(accountId: string, internetMessageId: string): Promise<MailMessage[]>;
  /** A folder's messages as the sync compares them with the server: newest first, at most `limit`. */
  listRemote(folderId: string, limit?: number): Promise<Array<{ id: string; remoteId: string } & MailFlags>>;
  /** False when there is no such message. */
  setFlags(ref: MailMessageRef, flags: Partial<MailFlags>, at: Date): Promise<boolean>;
  /**
   * The message now sits in another folder under a new remote id (IMAP gives it a new UID), and
   * keeps its Mailbridge id; a copy the sync already stored there gives way. False when it is gone.
   */
  move(id: string, folderId: string, remoteId: string, at: Date): Promise<boolean>;
  /** Deletes a folder's messages with these remote ids (expunged on the server); how many. */
  deleteByRemoteIds(folderId: string, remoteIds: readonly string[]): Promise<number>;
  /** Deletes all of a folder's messages (its UIDVALIDITY changed); how many. */
  deleteInFolder(folderId: string): Promise<number>;
  /** Messages and unread messages per folder of the account (of `folderIds` only, when given), from what is stored. */
  countByFolder(accountId: string, folderIds?: readonly string[]): Promise<Map<string, { unread: number; total: number }>>;
}

/**
 * Messages' MIME (RFC 5322 bytes), fetched on demand and cached encrypted, each bound to its
 * message; evicted least recently read first to stay within a byte budget.
 */
export interface MailBodyRepository {
  put(messageId: string, mime: Buffer, at: Date): Promise<void>;
  /** The MIME, or null when not cached; a hit counts as a use at `at` (LRU). */
  get(messageId: string, at: Date): Promise<Buffer | null>;
  /** Deletes the least recently used bodies until their sizes sum to at most `budgetBytes`; how many went. */
  evict(budgetBytes: number): Promise<number>;
  /** The sum of the cached bodies' sizes, in bytes. */
  totalBytes(): Promise<number>;
}

/**
 * The new messages a `message.received` event was raised for, per account. Claim inside the
 * transaction that records the event: of racing instances exactly one gets true, and a claim that
 * rolls back leaves the key free.
 */
export interface MailReceivedRepository {
  /** True the first time `key` (the Message-ID or Graph immutable id) is claimed for the account. */
  claim(accountId: string, key: string, at: Date): Promise<boolean>;
  /** Forgets the account's keys (its reading was turned off: a later first sync raises none anyway). */
  forget(accountId: string): Promise<void>;
}

export interface Store {
  users: UserRepository;
  apiKeys: ApiKeyRepository;
  sessions: SessionRepository;
  oneTimeTokens: OneTimeTokenRepository;
  apps: AppRepository;
  accounts: AccountRepository;
  tokens: TokenRepository;
  linkFlows: LinkFlowRepository;
  outbox: OutboxRepository;
  events: EventRepository;
  leases: LeaseRepository;
  sendAttempts: SendAttemptRepository;
  secretNotices: SecretNoticeRepository;
  webhooks: WebhookRepository;
  rateLimits: RateLimitRepository;
  sandboxState: SandboxStateRepository;
  attachments: AttachmentRepository;
  mailboxState: MailboxStateRepository;
  mailboxFolders: MailFolderRepository;
  mailboxMessages: MailMessageRepository;
  mailboxBodies: MailBodyRepository;
  mailboxReceived: MailReceivedRepository;
  relayCredentials: RelayCredentialRepository;
  /**
   * Runs `fn` in one transaction on both engines: everything it writes through `tx` commits
   * together or not at all. Never make a network call inside (SQLite waits for it).
   * `durable`: the commit reaches the disk before this resolves, surviving a power loss too
   * (accepting a message). Other commits on SQLite survive a crashed or killed process.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>, opts?: { durable?: boolean }): Promise<T>;
  close(): Promise<void>;
}

// ---- Microsoft -------------------------------------------------------------------------------

/** What the identity platform returned from a code or refresh grant. */
export interface TokenGrant {
  accessToken: Sensitive;
  refreshToken: Sensitive | null;
  expiresIn: number;
  scope: string;
  idToken?: IdTokenClaims;
}

export interface IdTokenClaims {
  tid: string;
  oid: string;
  preferredUsername?: string;
  email?: string;
  name?: string;
}

export interface AuthorizeRequest {
  state: string;
  codeChallenge: string;
  redirectUri: string;
  loginHint: string;
  scopes: readonly string[];
}

/** The Microsoft identity platform (v2.0 endpoints), for one app. Throws MailbridgeErrors. */
export interface IdentityProvider {
  authorizeUrl(app: MicrosoftApp, req: AuthorizeRequest): string;
  redeemCode(app: MicrosoftApp, p: { code: string; codeVerifier: string; redirectUri: string; scopes: readonly string[] }): Promise<TokenGrant>;
  refresh(app: MicrosoftApp, refreshToken: Sensitive, scopes: readonly string[]): Promise<TokenGrant>;
  /** An app-only token for Graph (client-credentials grant) on `tenant`, one organisation (docs/microsoft.md §7). */
  clientCredentials(app: MicrosoftApp, tenant: string): Promise<TokenGrant>;
  adminConsentUrl(app: MicrosoftApp, redirectUri: string): string;
  /** Names the problem when Microsoft redirected back with `error=…` instead of a code. */
  redirectError(fields: OAuthRedirectError, params: Record<string, string>): MailbridgeError;
}

/** The OAuth callback's query string (RFC 6749 §4.1.2, plus Microsoft's error_subcode). */
export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
  error_subcode?: string | undefined;
}

export interface OAuthRedirectError {
  error: string;
  error_description?: string | undefined;
  error_subcode?: string | undefined;
}

export interface MailboxProfile {
  id: string;
  mail: string | null;
  userPrincipalName: string | null;
  displayName: string | null;
}

export interface OutgoingAddress {
  address: string;
  name?: string;
}

/** A file of an outgoing message. Its bytes are stored apart, in chunks (AttachmentRepository). */
export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  inline: boolean;
  contentId?: string;
  /** The stored file. */
  fileId: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** The bytes themselves, for messages queued before files were stored apart (read from old rows only). */
  content?: Buffer;
}

/** A message ready to send, independent of the protocol. */
export interface OutgoingMessage {
  /** The mailbox's own address with a display name; absent, Microsoft uses the mailbox's name. */
  from?: OutgoingAddress;
  to: OutgoingAddress[];
  cc: OutgoingAddress[];
  bcc: OutgoingAddress[];
  replyTo: OutgoingAddress[];
  subject: string;
  text?: string;
  html?: string;
  attachments: OutgoingAttachment[];
  headers: Record<string, string>;
  /**
   * A reply to or forward of a message of the mailbox (POST …/mailbox/messages/{id}/reply,
   * /forward). `headers` then carry In-Reply-To and References for SMTP; Graph cannot set those
   * with sendMail, so its sender starts from a createReply/createReplyAll/createForward draft of
   * `remoteId` (the original's immutable id) instead.
   */
  respondsTo?: { kind: 'reply' | 'replyAll' | 'forward'; remoteId: string };
}

/** The signed-in mailbox behind a delegated access token (sending is a MailSender's). */
export interface Mailbox {
  profile(cloud: Cloud, accessToken: Sensitive): Promise<MailboxProfile>;
}

export interface Clock {
  now(): Date;
}

// ---- Delivery status notifications (issue 12) -------------------------------------------------

/** One recipient of a delivery status notification (RFC 3464 §2.3). */
export interface DsnRecipient {
  /** The address as the envelope gave it (Final-Recipient). */
  address: string;
  /** The enhanced status code (RFC 3463), e.g. `5.1.1` (Status). */
  status: string;
  /** The SMTP reply that stands for the failure (Diagnostic-Code: smtp; …). */
  reply: string;
}

/** What a delivery status notification says (RFC 3464), whatever writes it. */
export interface DsnReport {
  /** The mailbox that sends it (From): Graph cannot send with an empty envelope sender. */
  from: string;
  /** The failed message's envelope sender (To). */
  to: string;
  /** Its own Message-ID (`<…@…>`). */
  messageId: string;
  date: Date;
  /** Reporting-MTA: this server's public host name (RFC 3464 §2.2.2). */
  reportingMta: string;
  /** When the failed message was accepted (Arrival-Date, RFC 3464 §2.2.5). */
  arrivalDate: Date;
  recipients: DsnRecipient[];
  /** The part for people (plain text, English): which recipients failed and why. */
  explanation: string;
  /** The failed message's header block (its third part), or null when it is no longer held. */
  originalHeaders: Buffer | null;
}

/** Writes a delivery status notification as MIME: multipart/report (RFC 6522) of delivery-status. */
export interface DsnComposer {
  compose(report: DsnReport): Buffer;
}


// ---- Webhooks --------------------------------------------------------------------------------

/** Posts deliveries to endpoints, refusing addresses a webhook must never reach (SSRF). */
export interface WebhookTransport {
  /** At registration: the URL's form, and where its host resolves (checked again at every delivery). */
  check(url: string): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** One attempt; never follows redirects; errors come back as data. */
  post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; durationMs: number } | { error: string; durationMs: number }>;
}

/** Standard Webhooks signatures: one `v1,<base64>` per secret, space-separated. */
export interface WebhookSigner {
  newSecret(): string;
  sign(secrets: string[], id: string, at: Date, body: string): string;
}
