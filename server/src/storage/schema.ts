/**
 * Row types of every table, as Kysely sees them. Portable on purpose (SQLite and PostgreSQL):
 * ids and timestamps are text (timestamps are ISO-8601 UTC from Date.toISOString(), which sort
 * and compare correctly as strings), Problems are JSON text, secrets are vault envelopes.
 */
export interface Database {
  users: UserRow;
  api_keys: ApiKeyRow;
  sessions: SessionRow;
  one_time_tokens: OneTimeTokenRow;
  microsoft_apps: MicrosoftAppRow;
  accounts: AccountRow;
  account_tokens: AccountTokenRow;
  link_flows: LinkFlowRow;
  outbox: OutboxRow;
  events: EventRow;
  event_sequences: EventSequenceRow;
  leases: LeaseRow;
  send_attempts: SendAttemptRow;
  webhooks: WebhookRow;
  webhook_deliveries: WebhookDeliveryRow;
  webhook_attempts: WebhookAttemptRow;
  rate_limits: RateLimitRow;
  sandbox_state: SandboxStateRow;
  secret_notices: SecretNoticeRow;
  attachment_files: AttachmentFileRow;
  attachment_chunks: AttachmentChunkRow;
  mailbox_state: MailboxStateRow;
  mail_folders: MailFolderRow;
  mail_messages: MailMessageRow;
  mail_bodies: MailBodyRow;
  mail_received: MailReceivedRow;
  relay_credentials: RelayCredentialRow;
}

export interface UserRow {
  id: string;
  email: string;
  /** addressKey(email): NFC, lower case; unique. Always set (0006 filled older rows); nullable only because SQLite cannot add a NOT NULL column. */
  email_key: string | null;
  name: string | null;
  role: string;
  /** `scrypt$N$r$p$salt$hash`: a slow salted hash, never the password. */
  password_hash: string | null;
  disabled_at: string | null;
  created_at: string;
}

export interface ApiKeyRow {
  id: string;
  user_id: string;
  hash: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface SessionRow {
  /** SHA-256 of the cookie's token. */
  id_hash: string;
  user_id: string;
  scope: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface OneTimeTokenRow {
  /** SHA-256 of the token. */
  token_hash: string;
  kind: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MicrosoftAppRow {
  id: string;
  scope: string;
  cloud: string;
  tenant: string;
  client_id: string;
  /** Vault envelope, context `app:<id>:client_secret`. */
  client_secret: string | null;
  client_secret_expires_at: string | null;
  /** The certificate credential (migration 0016): all five set, or all null. PEM, public. */
  certificate_pem: string | null;
  /** Vault envelope of the PKCS#8 PEM private key, context `app:<id>:certificate_key`. */
  certificate_private_key: string | null;
  certificate_thumbprint_sha256: string | null;
  certificate_expires_at: string | null;
  certificate_created_at: string | null;
  /** 0 or 1: ask for Mail.ReadWrite when linking Graph accounts. */
  request_mail_read_write: number;
  /** 0 or 1 (migration 0017): the organisation app also sends from service mailboxes, app-only. */
  app_only_enabled: number;
  /** The client-credentials grant's tenant (GUID or verified domain); null when never set. */
  app_only_tenant: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface AccountRow {
  id: string;
  /** Null (migration 0017): owned by the organisation (a `graph_app` service mailbox). */
  user_id: string | null;
  email: string;
  sending_method: string;
  app_id: string | null;
  status: string;
  linked_address: string | null;
  linked_at: string | null;
  ms_tenant_id: string | null;
  ms_object_id: string | null;
  linked_app_key: string | null;
  last_error: string | null;
  sender_name: string | null;
  reply_to: string | null;
  signature_html: string | null;
  /** 0 or 1: portable across both engines. */
  copy_to_self: number;
  /** JSON MailboxLimits overrides, or null for Exchange Online's defaults. */
  limits: string | null;
  /** JSON array of the addresses (shared mailboxes) the account may send as; `[]` for none. */
  send_as: string;
  created_at: string;
  updated_at: string;
}

/** One row per account and resource (0012); every row of an account holds its newest refresh token. */
export interface AccountTokenRow {
  account_id: string;
  /** 'graph' or 'outlook' (TokenResource). */
  resource: string;
  /** Vault envelope, context `account:<id>:access_token` (Graph) or `account:<id>:<resource>:access_token`. */
  access_token: string;
  access_token_expires_at: string;
  /** Vault envelope, context `account:<id>:refresh_token`. */
  refresh_token: string;
  scope: string;
  /** When the tokens were obtained or last refreshed: the refresh token's last use (keep-alive.ts). */
  updated_at: string;
}

export interface LinkFlowRow {
  state: string;
  account_id: string;
  app_key: string;
  /** Vault envelope, context `link:<state>:code_verifier`. */
  code_verifier: string;
  ticket_hash: string;
  browser_key_hash: string | null;
  /** Id hash of the browser session that started the attempt, if one did. */
  session_hash: string | null;
  redirect_uri: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface OutboxRow {
  id: string;
  account_id: string;
  user_id: string;
  status: string;
  /** Vault envelope of the message (JSON), context `outbox:<id>:payload`; null once dropped. */
  payload: string | null;
  /** Raw MIME content's bytes, one binary vault envelope, context `outbox:<id>:mime` (0018); null for the rest. */
  payload_mime: Buffer | null;
  recipient_count: number;
  internet_message_id: string;
  guarantee: string | null;
  attempts: number;
  due_at: string;
  next_attempt_at: string;
  created_at: string;
  updated_at: string;
  accepted_at: string | null;
  last_diagnosis: string | null;
  /** 0 or 1. */
  held: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  draft_id: string | null;
  send_started_at: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  /** Vault envelope of the upload session in progress (JSON `{index, url}`), context `outbox:<id>:upload`. */
  upload_session: string | null;
  /** JSON of OutboxMessage.origin (0015): `{kind: 'relay', credentialId, bounceTo}`, null for the API's messages. */
  origin: string | null;
}

export interface EventRow {
  id: string;
  account_id: string | null;
  sequence: number | null;
  type: string;
  message_id: string | null;
  /** JSON. */
  data: string;
  created_at: string;
}

export interface EventSequenceRow {
  account_id: string;
  last: number;
}

export interface LeaseRow {
  name: string;
  owner: string;
  expires_at: string;
}

export interface SendAttemptRow {
  account_id: string;
  started_at: string;
  recipients: number;
}

export interface RateLimitRow {
  /** SHA-256 of the limit's key (which names a client address, an email or a user). */
  key_hash: string;
  hits: number;
  window_ends_at: string;
}

export interface SandboxStateRow {
  /** One row, `sandbox`: the built-in sandbox's state. */
  id: string;
  /** Vault envelope of the emulator's snapshot (JSON), context `sandbox_state:<id>:state`. */
  state: string;
  updated_at: string;
}

export interface WebhookRow {
  id: string;
  user_id: string;
  /** `all` (an administrator's: every account and app events) or `own` (the user's accounts). */
  scope: string;
  url: string;
  /** JSON array of event types, or ["*"]. */
  events: string;
  description: string | null;
  enabled: number;
  disabled_reason: string | null;
  /** Vault envelope, context `webhook:<id>:secret`. */
  secret: string;
  /** Vault envelope, context `webhook:<id>:previous_secret`: signs too until previous_secret_until. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  /** Since when every delivery failed (null after a success): 24 hours of it disables the endpoint. */
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryRow {
  id: string;
  webhook_id: string;
  /** The event's id, sent as `webhook-id`: the same for every attempt. */
  event_id: string;
  event_type: string;
  /** The JSON body sent (`{type, timestamp, data}`), fixed when the event committed. */
  payload: string;
  /** `pending`, `delivered` or `failed`. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  created_at: string;
}

export interface SecretNoticeRow {
  app_id: string;
  /** core/apps/secret-expiry.ts: a hash of the app, the secret and its expiry, never the secret. */
  secret_fingerprint: string;
  /** `expiring_30`, `expiring_7`, `expiring_1` or `expired`. */
  kind: string;
  created_at: string;
}

export interface AttachmentFileRow {
  id: string;
  user_id: string;
  /** The message that owns the file; null while staged. */
  message_id: string | null;
  /** Null until the file is whole. */
  size: number | null;
  /** SHA-256 of the bytes, hex; null until the file is whole. */
  created_at: string;
}

export interface AttachmentChunkRow {
  file_id: string;
  /** From 0. */
  seq: number;
  /** Binary vault envelope of the chunk (BLOB / BYTEA), context `attachment:<file_id>:<seq>`. */
  data: Buffer;
}

/** One row per account that ever had reading on (0013). */
export interface MailboxStateRow {
  account_id: string;
  /** 0 or 1. */
  reading: number;
  /** MailboxSyncStatus. */
  status: string;
  done: number;
  total: number;
  last_sync_at: string | null;
  /** JSON Problem. */
  last_error: string | null;
  /** The sync engine's own per-account position (opaque). */
  cursor: string | null;
  updated_at: string;
}

export interface MailFolderRow {
  id: string;
  account_id: string;
  /** IMAP path or Graph folder id; unique per account. */
  remote_id: string;
  parent_remote_id: string | null;
  name: string;
  path: string;
  /** FolderRole or null. */
  role: string | null;
  /** int8 on PostgreSQL (read back as text): convert with Number(). */
  uidvalidity: number | string | null;
  uidnext: number | string | null;
  /** Decimal text: 63 bits. */
  highestmodseq: string | null;
  delta_link: string | null;
  unread: number;
  total: number;
  created_at: string;
  updated_at: string;
}

/**
 * A message's envelope and flags, in clear: the database indexes subject, sender and snippet for
 * the search. SQLite adds `seq` (the full-text index's rowid) and PostgreSQL `search` (the
 * tsvector generated from search_text); neither is read through Kysely.
 */
export interface MailMessageRow {
  id: string;
  account_id: string;
  folder_id: string;
  /** IMAP UID in decimal, or Graph immutable id; unique per folder. */
  remote_id: string;
  internet_message_id: string | null;
  thread_key: string;
  subject: string;
  from_name: string | null;
  from_address: string | null;
  /** addressKey(from_address), for the `from` filter. */
  from_key: string | null;
  /** JSON arrays of {address, name?}. */
  to_list: string;
  cc_list: string;
  bcc_list: string;
  reply_to_list: string;
  date: string;
  /** 0 or 1. */
  unread: number;
  flagged: number;
  has_attachments: number;
  size: number;
  snippet: string;
  in_reply_to: string | null;
  /** JSON array of Message-IDs. */
  references_list: string;
  /** The folded words of subject, sender and snippet: what the full-text index holds (mail-search-text.ts). */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface MailBodyRow {
  message_id: string;
  /** Binary vault envelope of the MIME (BLOB / BYTEA), context `mail_body:<message_id>`. */
  data: Buffer;
  /** The MIME's size in bytes (the cache's budget counts these). */
  size: number;
  last_access: string;
}

export interface MailReceivedRow {
  account_id: string;
  /** SHA-256 (hex) of the Message-ID or Graph immutable id. */
  key_hash: string;
  created_at: string;
}

/** The SMTP relay's credentials (0014), deleted with their account. */
export interface RelayCredentialRow {
  id: string;
  account_id: string;
  /** Unique. */
  username: string;
  /** SHA-256 (hex) of the password: never the password. */
  password_hash: string;
  description: string | null;
  /** JSON array of normalised CIDR networks; `[]` for anywhere. */
  allowed_networks: string;
  /** 0 or 1. */
  bounces: number;
  created_at: string;
  last_used_at: string | null;
}
