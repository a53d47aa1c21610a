import type { AccountStatus, Cloud, DiagnosisCode, MailboxLimits, Role, SendingDefaultsView, SendingMethod } from '@mailbridge/contract';
import type { Sensitive } from './sensitive.js';

export type { AccountStatus, Cloud, DiagnosisCode, MailboxLimits, Role, SendingMethod };

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` (core/users/password-hash.ts); null until a password is set. */
  passwordHash: string | null;
  disabledAt: Date | null;
  createdAt: Date;
}

/** Who is calling: every use case that touches accounts is given one. */
export interface Actor {
  userId: string;
  role: Role;
}

export interface ApiKey {
  id: string;
  userId: string;
  /** SHA-256 of the key; the key itself is never stored. */
  hash: string;
  /** The key's first 8 characters, kept so a person can tell their keys apart. */
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** A browser session. The cookie holds a random token; only its SHA-256 (`idHash`) is stored. */
export interface Session {
  idHash: string;
  userId: string;
  /** `settings`: opened by a signed settings link, limited to the user's own mail settings. */
  scope: 'full' | 'settings';
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end, however active the session is. */
  expiresAt: Date;
}

export type OneTimeTokenKind = 'setup' | 'invitation' | 'settings_link';

/** A single-use secret handed out as a link or a code; only its SHA-256 is stored. */
export interface OneTimeToken {
  tokenHash: string;
  kind: OneTimeTokenKind;
  userId: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** An account's default sending values, applied when a message leaves them out. */
export type SendingDefaults = SendingDefaultsView;

/**
 * A problem recorded on an account or an app, kept so the settings page and integrators can
 * show it later. `params` fill the diagnosis text; `microsoftText` is Microsoft's own words.
 */
export interface Problem {
  diagnosis: DiagnosisCode;
  message: string;
  params?: Record<string, string>;
  microsoftText?: string;
  at: string;
}

/** A Microsoft Entra app registration as Mailbridge uses it. */
export interface MicrosoftApp {
  id: string;
  /** `organization`: the admin's app used by every account without its own. */
  scope: 'organization' | 'account';
  cloud: Cloud;
  tenant: string;
  clientId: string;
  clientSecret: Sensitive | null;
  clientSecretExpiresAt: Date | null;
  /** When set, the app authenticates with it (signed client assertions) instead of the secret. */
  certificate: AppCertificate | null;
  /** Ask for Mail.ReadWrite when linking Graph accounts: exactly-once sending through drafts. */
  requestMailReadWrite: boolean;
  /**
   * Sending from service mailboxes with application permissions (organisation app only): tokens
   * from the client-credentials grant on `tenant`, one organisation (never `common`). Null: off.
   */
  appOnly: AppOnlySettings | null;
  /** An app-wide problem (wrong or expired secret): shown on every account using the app. */
  lastError: Problem | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An app's app-only settings (docs/microsoft.md §7). */
export interface AppOnlySettings {
  enabled: boolean;
  /** A tenant GUID or verified domain. */
  tenant: string;
}

/**
 * A certificate credential (docs/microsoft.md §7): the public certificate uploaded in Entra ID,
 * and its private key, which signs client assertions and never leaves the server.
 */
export interface AppCertificate {
  /** The certificate alone, PEM. */
  pem: string;
  /** PKCS#8 PEM; encrypted at rest like the client secret. */
  privateKey: Sensitive;
  /** base64url SHA-256 of the DER: the assertion's `x5t#S256` header. */
  thumbprintSha256: string;
  /** The certificate's notAfter. */
  expiresAt: Date;
  createdAt: Date;
}

export interface MailAccount {
  id: string;
  /** Null: owned by the organisation (a service mailbox, `graph_app`): admins only. */
  userId: string | null;
  email: string;
  sendingMethod: SendingMethod;
  /** The account's own app, if it has one (else the organisation's is used). */
  appId: string | null;
  status: AccountStatus;
  linkedAddress: string | null;
  linkedAt: Date | null;
  /** Microsoft identity of the linked mailbox: tenant and object id from the id_token. */
  msTenantId: string | null;
  msObjectId: string | null;
  /** cloud|tenant|clientId of the app the tokens were issued to. */
  linkedAppKey: string | null;
  lastError: Problem | null;
  defaults: SendingDefaults;
  /** Overrides of Exchange Online's per-mailbox limits; null for the defaults. */
  limits: MailboxLimits | null;
  /** Other addresses (shared mailboxes) the signed-in user may send as; [] for none. */
  sendAs: string[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Microsoft issues one access token per resource: Graph's, or Exchange Online's for SMTP and IMAP
 * (`outlook.office.com`). Neither is ever offered to the other (docs/microsoft.md).
 */
export type TokenResource = 'graph' | 'outlook';

/** The Microsoft tenant of every personal (Outlook.com) account, as the id_token's `tid` says. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface TokenSet {
  accessToken: Sensitive;
  accessTokenExpiresAt: Date;
  refreshToken: Sensitive;
  scope: string;
  updatedAt: Date;
}

/** One "link account" attempt: the server-side half of OAuth state + PKCE. */
export interface LinkFlow {
  /** The OAuth `state` value (random, single use). */
  state: string;
  accountId: string;
  appKey: string;
  codeVerifier: Sensitive;
  /** SHA-256 of the single-use start ticket in the authorize URL handed to the API caller. */
  ticketHash: string;
  /** SHA-256 of the nonce cookie set on the browser that opened the ticket. */
  browserKeyHash: string | null;
  /** Id hash of the signed-in session that started it from the settings page, if any. */
  sessionHash: string | null;
  redirectUri: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** The link fields of an account with no mailbox linked (new, or unlinked). */
export const NOT_LINKED = {
  status: 'not_linked',
  linkedAddress: null,
  linkedAt: null,
  msTenantId: null,
  msObjectId: null,
  linkedAppKey: null,
  lastError: null,
} as const satisfies Partial<MailAccount>;

/** The key that ties tokens to the app that issued them: tokens don't survive a change of it. */
export const appKey = (app: Pick<MicrosoftApp, 'cloud' | 'tenant' | 'clientId'>): string =>
  `${app.cloud}|${app.tenant.toLowerCase()}|${app.clientId.toLowerCase()}`;
