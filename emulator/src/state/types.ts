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
}

export interface AppSecret {
  id: string;
  value: string;
  expiresAt: number;
}

export interface App {
  clientId: string;
  tenantId: string;
  displayName: string;
  signInAudience: SignInAudience;
  redirectUris: string[];
  secrets: AppSecret[];
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
}

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
  userId: string;
  resource: string;
  /** Fully qualified scopes of `resource` granted in this token. */
  scopes: string[];
  expiresAt: number;
}

export interface StoredMessage {
  id: string;
  internetMessageId: string;
  receivedDateTime: string;
  sentDateTime: string;
  /** The Graph message as received, plus from/sender filled in by the emulator. */
  message: Record<string, unknown>;
  /** Raw MIME text when the message was sent as MIME. */
  mime?: string;
}

export interface Mailbox {
  inbox: StoredMessage[];
  sentItems: StoredMessage[];
  drafts: StoredMessage[];
}

export type FaultEndpoint = 'token' | 'authorize' | 'me' | 'sendMail' | 'messages' | 'send' | '*';

export type FaultSpec =
  | { endpoint: FaultEndpoint; times?: number; status: number; headers?: Record<string, string>; body?: unknown }
  | { endpoint: 'token'; times?: number; aadsts: number }
  | { endpoint: Exclude<FaultEndpoint, 'token' | 'authorize'>; times?: number; graphError: string; retryAfter?: string };

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
  refreshTokens: RefreshToken[];
  accessTokens: AccessToken[];
  mailboxes: Array<{ userId: string } & Mailbox>;
}
