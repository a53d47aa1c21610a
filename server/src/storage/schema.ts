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
  messages: MessageRow;
  rate_limits: RateLimitRow;
  sandbox_state: SandboxStateRow;
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
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface AccountRow {
  id: string;
  user_id: string;
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
  created_at: string;
  updated_at: string;
}

export interface AccountTokenRow {
  account_id: string;
  /** Vault envelope, context `account:<id>:access_token`. */
  access_token: string;
  access_token_expires_at: string;
  /** Vault envelope, context `account:<id>:refresh_token`. */
  refresh_token: string;
  scope: string;
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

export interface MessageRow {
  id: string;
  account_id: string;
  status: string;
  recipient_count: number;
  error: string | null;
  created_at: string;
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
