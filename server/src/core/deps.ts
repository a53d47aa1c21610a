import type { SandboxMessage } from '@mailbridge/contract';
import type { Cloud } from './domain.js';
import type { Sensitive } from './sensitive.js';
import type { Clock, IdentityProvider, Mailbox, Store } from './ports.js';
import type { AccessTokens } from './accounts/access-tokens.js';
import type { MailboxSlots } from './sending/mailbox-slots.js';

/** What the use cases need, wired once in main/compose.ts. */
export interface Deps {
  store: Store;
  identity: IdentityProvider;
  mailbox: Mailbox;
  clock: Clock;
  tokens: AccessTokens;
  /** Per-mailbox concurrency under Microsoft's limit. */
  slots: MailboxSlots;
  /** `{MAILBRIDGE_PUBLIC_URL}/oauth/callback`: the one redirect URI to register in Entra ID. */
  redirectUri: string;
  publicUrl: string;
  /** MAILBRIDGE_MS_CLOUD: the cloud of apps saved without one. */
  defaultCloud: Cloud;
  /** The built-in sandbox, when this server offers one (GET /setup reports its state). */
  sandbox?: Sandbox;
}

export interface SandboxStatus {
  status(): Promise<{ available: boolean; active: boolean }>;
}

/**
 * The built-in sandbox (server/src/sandbox/): an in-process stand-in for Microsoft with one app
 * and a few users, present only while MAILBRIDGE_SANDBOX=on. `active`: the organisation app is its app.
 */
export interface Sandbox extends SandboxStatus {
  /** The origin of its identity platform and Graph: where cloud `sandbox` points. */
  readonly url: string;
  /** Its app as the Azure portal would show it; the secret is a throwaway that only the sandbox accepts. */
  readonly app: { displayName: string; clientId: string; clientSecret: Sensitive; tenant: string };
  readonly users: ReadonlyArray<{ email: string; displayName: string; kind: 'work' | 'personal' }>;
  /**
   * What arrived in its users' inboxes, newest first, bodies as text. With `visibleTo` (lower-cased
   * addresses), only messages from or to one of them.
   */
  inbox(visibleTo?: ReadonlySet<string>): Promise<SandboxMessage[]>;
}
