import type { Hash } from 'node:crypto';

/**
 * Domain records kept in memory by the emulator. The emulator writes nothing to disk itself; an
 * embedder may keep a StoreSnapshot (the durable part) and restore it on its next start.
 */

export const PERSONAL_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export type SignInAudience =
  | 'AzureADMyOrg'
  | 'AzureADMultipleOrgs'
  | 'AzureADandPersonalMicrosoftAccount'
  | 'PersonalMicrosoftAccount';

export interface Tenant {
  id: string;
  domain: string;
  name: string;
  /** false = users cannot consent themselves; only an admin grant lets them in (AADSTS90094). */
  userConsentAllowed: boolean;
  /**
   * The organization's SMTP AUTH switch (Set-TransportConfig -SmtpClientAuthenticationDisabled):
   * true = authenticated SMTP submission is off for every mailbox that does not turn it on itself
   * (535 5.7.139). Default false here (new Microsoft tenants start with it on, i.e. SMTP AUTH off).
   */
  smtpAuthDisabled: boolean;
}

export interface AppSecret {
  id: string;
  value: string;
  expiresAt: number;
}

/**
 * A certificate uploaded to an app (Certificates & secrets › Certificates): its public part only.
 * Thumbprints are upper-case hex of the SHA-1 / SHA-256 of the DER certificate.
 */
export interface AppCertificate {
  /** The key credential's id (keyId), a GUID. */
  id: string;
  pem: string;
  thumbprint: string;
  thumbprintSha256: string;
  /** The certificate's validity (notBefore / notAfter), in ms. */
  startsAt: number;
  expiresAt: number;
}

export interface App {
  clientId: string;
  tenantId: string;
  displayName: string;
  signInAudience: SignInAudience;
  redirectUris: string[];
  secrets: AppSecret[];
  certificates: AppCertificate[];
}

/**
 * Application permissions (app roles of a resource, e.g. Graph's Mail.Send) an administrator
 * granted to an app in a tenant (admin consent): they go into app-only tokens as `roles`.
 */
export interface AppPermissionGrant {
  clientId: string;
  tenantId: string;
  /** Fully qualified, e.g. https://graph.microsoft.com/Mail.Send. */
  permissions: string[];
}

/**
 * Exchange Online RBAC for Applications: New-ManagementRoleAssignment -App … -Role
 * "Application Mail.Send" [-CustomResourceScope …]. Checked by Exchange at each request, never in
 * the token.
 */
export interface ExchangeRoleAssignment {
  id: string;
  clientId: string;
  tenantId: string;
  /** E.g. 'Application Mail.Send', 'Application Mail.ReadWrite'. */
  role: string;
  /** The management scope's mailboxes (lower-cased emails); null = the whole organization. */
  mailboxes: string[] | null;
}

/** An Exchange application access policy (New-ApplicationAccessPolicy), with its group's members. */
export interface ApplicationAccessPolicy {
  id: string;
  clientId: string;
  tenantId: string;
  accessRight: 'RestrictAccess' | 'DenyAccess';
  /** Members of the policy's mail-enabled security group (lower-cased emails). */
  mailboxes: string[];
}

/** Flags that tests flip on users to provoke Microsoft behaviours. */
export interface UserFlags {
  displayName: string;
  mail: string | null;
  mailboxEnabled: boolean;
  mailboxFull: boolean;
  mfaRequired: boolean;
  signInBlocked: boolean;
  sendAs: string[];
  /**
   * The mailbox's maximum send size in bytes, measured as Exchange measures a message: its
   * attachments base64-encoded (see graph/send-size.ts). Default 35 MiB, Exchange Online's.
   */
  maxSendSizeBytes: number;
  /**
   * The mailbox's SMTP AUTH setting (Set-CASMailbox -SmtpClientAuthenticationDisabled): true = off
   * for this mailbox (535 5.7.139), false = on even when the tenant has it off, null = as the
   * tenant says (default).
   */
  smtpAuthDisabled: boolean | null;
  /**
   * The mailbox's IMAP switch (Set-CASMailbox -ImapEnabled $false): true = IMAP refuses every
   * login, with the same `NO AUTHENTICATE failed.` as a bad token. Default false.
   */
  imapDisabled: boolean;
  /**
   * The mailbox's language (Set-MailboxRegionalConfiguration -Language), which names its default
   * folders: 'es-ES' gives "Bandeja de entrada", "Elementos enviados"…. Default 'en-US'.
   */
  mailboxLocale: string;
}

/** Exchange Online's default maximum send size: 35 MB (learn.microsoft.com graph/api/attachment-createuploadsession). */
export const DEFAULT_MAX_SEND_SIZE_BYTES = 35 * 1024 * 1024;

export interface User extends UserFlags {
  /** Graph /me id: the oid for work accounts, a 16-hex CID for personal ones. */
  id: string;
  oid: string;
  tenantId: string;
  email: string;
  personal: boolean;
}

export interface ConsentGrant {
  clientId: string;
  tenantId: string;
  /** undefined = admin (tenant-wide) grant. */
  userId?: string;
  scopes: string[];
}

export interface AuthCode {
  code: string;
  clientId: string;
  userId: string;
  tenantSegment: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  issuedAt: number;
  redeemed: boolean;
}

export interface RefreshToken {
  token: string;
  clientId: string;
  userId: string;
  /** Scopes consented at sign-in; refresh tokens are not tied to one resource. */
  scopes: string[];
  issuedAt: number;
  revoked: boolean;
  revokedAt?: number;
}

export interface AccessToken {
  token: string;
  clientId: string;
  /** The signed-in user; '' for an app-only token. */
  userId: string;
  /** App-only (client credentials): no user; `scopes` then holds the token's `roles`. */
  appOnly?: boolean;
  /** The tenant an app-only token was issued in. */
  tenantId?: string;
  resource: string;
  /** Fully qualified scopes of `resource` granted in this token. */
  scopes: string[];
  expiresAt: number;
}

export interface StoredMessage {
  /** The regular Graph id: a new one whenever the item moves to another folder. */
  id: string;
  /** The id given under `Prefer: IdType="ImmutableId"`; kept across moves in the mailbox. */
  immutableId?: string;
  /** Clock time before which Graph does not show the item yet (Sent Items lag); absent = visible. */
  visibleAt?: number;
  internetMessageId: string;
  receivedDateTime: string;
  sentDateTime: string;
  /** The Graph message as received, plus from/sender filled in by the emulator. */
  message: Record<string, unknown>;
  /** Raw MIME text when the message was sent as MIME. */
  mime?: string;
  /** Exchange's version stamp of the item (Graph's changeKey): new at every change; absent = never changed. */
  changeKey?: string;
  /** RFC 5322 In-Reply-To and References of a message not stored as MIME (replies made by createReply…). */
  inReplyTo?: string;
  references?: string;
  /**
   * Bytes of the attachments that came through an upload session, by attachment id (their
   * metadata is in `message.attachments`). Buffers, shared by the copies of a sent message and
   * never part of a snapshot or of mailbox(); attachments posted inline keep their contentBytes.
   */
  attachmentBytes?: Record<string, AttachmentBytes>;
}

/** A file as an upload session received it: the fragments in order, and their SHA-256 (hex). */
export interface AttachmentBytes {
  chunks: Buffer[];
  size: number;
  sha256: string;
}

/** What tests see of an attachment of a message: its metadata and the SHA-256 (hex) of its bytes. */
export interface AttachmentInfo {
  id: string;
  name: string;
  contentType: string | null;
  /** Bytes of the file (decoded, not base64). */
  size: number;
  isInline: boolean;
  contentId: string | null;
  /** null when the emulator no longer holds the bytes (a message restored from a bounded snapshot). */
  sha256: string | null;
}

/** The file an upload session attaches (graph/api/resources/attachmentitem). */
export interface AttachmentItem {
  name: string;
  contentType: string | null;
  isInline: boolean;
  contentId: string | null;
  size: number;
}

/**
 * An open upload session (graph/api/attachment-createuploadsession): a file being attached to a
 * draft in fragments. Scratch state, never part of a snapshot; completed and deleted sessions
 * are forgotten, expired ones stay (without their bytes) to answer that they expired.
 */
export interface UploadSession extends AttachmentItem {
  id: string;
  /** The credential in the upload URL's query. */
  authtoken: string;
  /** The app and mailbox that created it (the upload URL carries no bearer token). */
  clientId: string;
  userId: string;
  /** The upload URL's path: `/outlook/api/v2.0/Users('…')/Messages('<draft id as the client gave it>')/AttachmentSessions('<id>')`. */
  path: string;
  draft: StoredMessage;
  expiresAt: number;
  /** The offset of the next byte expected. */
  next: number;
  chunks: Buffer[];
  hash: Hash;
  expired: boolean;
}

/** A folder the user made (graph/api/resources/mailfolder), under a default folder or another of theirs. */
export interface UserFolder {
  id: string;
  displayName: string;
  parentFolderId: string;
  messages: StoredMessage[];
}

/** A mailbox: Exchange's default folders by name, then the folders the user made. */
export interface Mailbox {
  inbox: StoredMessage[];
  sentItems: StoredMessage[];
  drafts: StoredMessage[];
  deletedItems: StoredMessage[];
  junkEmail: StoredMessage[];
  archive: StoredMessage[];
  folders: UserFolder[];
}

/** What a delta round remembers of one item (graph/delta-state.ts). */
export interface DeltaItemState {
  id: string;
  immutableId?: string;
  changeKey: string;
}

/** What a $deltatoken or $skiptoken stands for (graph/delta-state.ts). */
export interface DeltaTokenState {
  userId: string;
  /** The folder: a default folder's key or a user folder's id. */
  folder: string;
  /** Options of the round's first request ($select, $filter, $orderby, changeType), which its links carry. */
  query: Record<string, string>;
  /** The folder as the client knows it once the round ends: item key (immutable id) → state. */
  known: Map<string, DeltaItemState>;
  /** A $skiptoken's: the keys this page and the next still have to tell, and the items removed since. */
  pending?: string[];
  removed?: Map<string, DeltaItemState>;
}

export type FaultEndpoint =
  | 'token' | 'authorize' | 'me' | 'sendMail' | 'messages' | 'send' | 'getMessage' | 'deleteMessage' | 'listMessages'
  | 'attachments' | 'listAttachments' | 'createUploadSession' | 'uploadChunk' | 'uploadSession'
  | 'mailFolders' | 'delta' | 'messageValue' | 'updateMessage' | 'moveMessage' | 'createReply' | 'createReplyAll' | 'createForward'
  | 'replyMessage' | '*';

/** Which requests a fault answers, and how often. */
export interface FaultTarget {
  /** One endpoint, several, or '*' (every faultable endpoint). */
  endpoint: FaultEndpoint | FaultEndpoint[];
  /**
   * Only requests acting for this mailbox (user email, from the bearer token or the grant; for
   * the upload URL, which carries no token, the owner of the upload session).
   */
  mailbox?: string;
  /**
   * How many requests it answers. Default 1, or unlimited when `probability` is set; a spent
   * fault is removed.
   */
  times?: number;
  /** Answer each matching request with this probability (0..1), drawn from the seeded RNG. */
  probability?: number;
  /** Slow answer: wait this long (inside the mailbox's concurrency slot for Graph) first. */
  delayMs?: number;
}

/**
 * Retry-After of a Graph error fault: seconds as text ('2.128') or number, an HTTP date as text,
 * `{dateInMs}` for an HTTP date that far after the emulator clock's now, or null for none at all.
 */
export type RetryAfterSpec = string | number | null | { dateInMs: number };

export type FaultSpec = FaultTarget & (
  /** A raw answer. */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Microsoft's exact token error JSON for an AADSTS code. */
  | { aadsts: number }
  /** A Graph error from the table (e.g. TooManyRequests, ServiceUnavailable). */
  | { graphError: string; retryAfter?: RetryAfterSpec }
  /**
   * 'before': the socket is destroyed without an answer, nothing processed. 'after' (Graph only):
   * the request is processed (a message accepted and delivered), then the socket is destroyed
   * instead of the answer.
   */
  | { drop: 'before' | 'after' }
  /** Only `delayMs`: a slow but otherwise normal answer. */
  | { delayMs: number }
);

/** Exchange Online's per-mailbox limits as the emulator enforces them. */
export interface MailboxLimits {
  /** Concurrent Graph requests per app and mailbox (429 ApplicationThrottled); 0 = unlimited. Default 4. */
  concurrency: number;
  /** Messages accepted per mailbox per "minute" (429 TooManyRequests); 0 = off (default). Exchange: 30. */
  messagesPerMinute: number;
  /** Length of that minute in ms, shortened for tests. Default 60000. */
  minuteMs: number;
  /**
   * Bytes of upload-session fragments accepted per app and mailbox within `uploadWindowMs`
   * (429 ApplicationThrottled beyond); 0 = off. Default 150 MiB, Outlook's 150 MB per 5 minutes.
   */
  uploadBytesPerWindow: number;
  /** That window in ms. Default 300000 (5 minutes). */
  uploadWindowMs: number;
  /**
   * Authenticated SMTP connections per mailbox that may submit at once (Exchange Online: 3); a
   * message on one more is refused with 432 4.3.2 at the end of DATA. 0 = unlimited. Default 3.
   */
  smtpConnections: number;
  /** Lifetime of an upload session in ms, from its creation. Default 900000 (15 minutes). */
  uploadSessionMs: number;
}

/** 429s answered to one mailbox, by cause. */
export interface ThrottleCounts {
  concurrency: number;
  messageRate: number;
  /** Upload fragments refused for the upload quota. */
  uploadBytes: number;
  /** Injected 429 faults aimed at (or landing on) this mailbox. */
  injected: number;
  total: number;
}

/** One acceptance of a message (Graph sendMail, a draft's send, or SMTP submission), for tests to count. */
export interface AcceptedMessage {
  at: number;
  /** The sender's (mailbox owner's, i.e. the authenticated user's) email. */
  mailbox: string;
  via: 'sendMail' | 'draft' | 'smtp';
  internetMessageId: string;
  /** The address of the message's From (the mailbox's own when the message names none). */
  from: string | null;
  /** SMTP only: the envelope, MAIL FROM and the accepted RCPT TO addresses, as the client gave them. */
  envelope?: { mailFrom: string; rcptTo: string[] };
  /** Custom X- headers of the message, names lower-cased. */
  headers: Record<string, string>;
  /** Value of the X-Mailbridge-Test-Marker header, or null. */
  marker: string | null;
  /** The message's attachments, with the SHA-256 of their bytes. */
  attachments: AttachmentInfo[];
}

export interface RecordedRequest {
  endpoint: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  text?: string;
  status: number;
  at: number;
}

/**
 * The durable part of a Store, as plain JSON: what a real tenant keeps across a restart of its
 * identity platform (directory, consents, issued tokens, mail). Sign-in flows, unredeemed codes,
 * faults, latency and recorded requests are a run's scratch state and are left out.
 */
export interface StoreSnapshot {
  version: 1;
  tenants: Tenant[];
  apps: App[];
  users: User[];
  grants: ConsentGrant[];
  appPermissionGrants: AppPermissionGrant[];
  exchangeRoleAssignments: ExchangeRoleAssignment[];
  accessPolicies: ApplicationAccessPolicy[];
  refreshTokens: RefreshToken[];
  accessTokens: AccessToken[];
  mailboxes: Array<{ userId: string } & Mailbox>;
}

/** Where an SMTP fault answers: the greeting, AUTH, MAIL FROM, RCPT TO, or the end of DATA. */
export type SmtpStage = 'connect' | 'auth' | 'mail' | 'rcpt' | 'data';

/** Which SMTP commands a fault answers, and how often (as FaultTarget for HTTP). */
export interface SmtpFaultTarget {
  stage: SmtpStage | SmtpStage[];
  /**
   * Only sessions acting for this mailbox: at `auth` the `user=` of XOAUTH2, later the mailbox
   * the session authenticated as. A fault with a mailbox never answers `connect`.
   */
  mailbox?: string;
  /** How many commands it answers. Default 1, or unlimited when `probability` is set. */
  times?: number;
  /** Answer each matching command with this probability (0..1), from the seeded fault RNG. */
  probability?: number;
  /** Wait this long before answering (or before the real processing). */
  delayMs?: number;
}

export type SmtpFaultSpec = SmtpFaultTarget & (
  /**
   * This reply instead of the real one, nothing processed: `code` 400..599, `text` sent as is
   * after the code (give the enhanced status code yourself: '4.3.2 …'). At `connect` it replaces
   * the greeting and the connection is closed; at `data` it comes once the message was received.
   */
  | { code: number; text: string }
  /**
   * 'before': the connection is cut instead of answering, nothing processed; at `data` it is cut
   * while the message is coming in (mid-DATA). 'after' (`data` only): the message is accepted,
   * stored and delivered, then the connection is cut instead of the 250 reply.
   */
  | { drop: 'before' | 'after' }
  /** Only `delayMs`: a slow but otherwise normal answer. */
  | { delayMs: number }
);

/** One AUTH command of an SMTP session. */
export interface SmtpAuthAttempt {
  at: number;
  /** The SASL mechanism asked for (upper-cased), e.g. XOAUTH2. */
  mechanism: string;
  /** `user=` of the XOAUTH2 blob ('' when the blob could not be read). */
  user: string;
  /** Email of the user the offered token was issued to; null when the token is unknown. */
  tokenUser: string | null;
  /** Resource (audience) of the offered token, e.g. https://outlook.office.com; null when unknown. */
  audience: string | null;
  /** Scopes of the offered token. */
  scopes: string[];
  /** The app the token was issued to. */
  clientId: string | null;
  /** The reply line the emulator gave, e.g. '235 2.7.0 Authentication successful'. */
  reply: string;
  ok: boolean;
}

/** One mail transaction (MAIL FROM … end of DATA) of an SMTP session. */
export interface SmtpTransaction {
  at: number;
  mailFrom: string;
  /** Recipients accepted by RCPT TO. */
  rcptTo: string[];
  /** Bytes of the message received by DATA; null until then. */
  size: number | null;
  /** The reply that ended the transaction: a refusal, or the reply to the end of DATA. */
  reply: string | null;
  accepted: boolean;
  internetMessageId: string | null;
}

/** What an SMTP connection did, for tests to assert on (`smtpSessions()`). */
export interface SmtpSessionRecord {
  id: string;
  remoteAddress: string;
  startedAt: number;
  endedAt: number | null;
  /** Whether STARTTLS was done. */
  tls: boolean;
  /** `user=` of the last AUTH attempt; null when the client never tried. */
  user: string | null;
  /** Audience (resource) of the token offered last; null when none was, or it was unknown. */
  audience: string | null;
  /** The mailbox the session authenticated as; null when it did not. */
  mailbox: string | null;
  /** 'authenticated' once AUTH succeeded, 'refused' when the last AUTH failed, else 'unauthenticated'. */
  outcome: 'unauthenticated' | 'authenticated' | 'refused';
  auth: SmtpAuthAttempt[];
  transactions: SmtpTransaction[];
  /** Every reply line the emulator sent, in order (at most 200 kept). */
  replies: string[];
  /** Whether an injected drop cut the connection. */
  dropped: boolean;
}

/** Where the emulator's SMTP submission endpoint listens, and the certificate a client must trust. */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** `smtp://{host}:{port}` (plain connection, STARTTLS required before AUTH, like port 587). */
  url: string;
  /** PEM of the self-signed certificate (made at start, valid for 127.0.0.1, ::1 and localhost): the CA to trust. */
  caPem: string;
}
