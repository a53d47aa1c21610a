import type { Cloud } from './domain.js';
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
}
