import type { SandboxMessage } from '@mailbridge/contract';
import type { Cloud, SendingMethod } from './domain.js';
import type { SendingMethodEntry } from './sending/mail-sender.js';
import type { OutboxTiming } from './outbox/retry-policy.js';
import type { Sensitive } from './sensitive.js';
import type { Clock, DsnComposer, IdentityProvider, Mailbox, Store, WebhookSigner, WebhookTransport } from './ports.js';
import type { AccessTokens } from './accounts/access-tokens.js';
import type { AppOnlyTokens } from './apps/app-only-tokens.js';
import type { MailboxReader } from './mailbox/mailbox-reader.js';

/** What the use cases need, wired once in main/compose.ts. */
export interface Deps {
  store: Store;
  identity: IdentityProvider;
  mailbox: Mailbox;
  clock: Clock;
  tokens: AccessTokens;
  /** The organisation app's app-only tokens, for service mailboxes (issue 12). */
  appTokens: AppOnlyTokens;
  /** `{MAILBRIDGE_PUBLIC_URL}/oauth/callback`: the one redirect URI to register in Entra ID. */
  redirectUri: string;
  publicUrl: string;
  /** MAILBRIDGE_MS_CLOUD: the cloud of apps saved without one. */
  defaultCloud: Cloud;
  /** The outbox: how each sending method sends, its timing, and who this process is. */
  outbox: OutboxDeps;
  webhooks: { transport: WebhookTransport; signer: WebhookSigner; wake(): void };
  /** Reading mailboxes (issue 11): each method's reader, the body cache's budget, the sync worker. */
  reading: ReadingDeps;
  /** The SMTP relay (issue 12): where it listens, for the settings page and the API. */
  relay: RelayDeps;
  /** The built-in sandbox, when this server offers one (GET /setup reports its state). */
  sandbox?: Sandbox;
}

export interface RelayDeps {
  /**
   * Its ports (null: not listened on) and the largest message it takes. A function, because a
   * relay started on port 0 (tests) knows its port only once it listens.
   */
  info(): { port: number | null; tlsPort: number | null; maxSizeBytes: number };
}

export interface OutboxDeps {
  methods: Record<SendingMethod, SendingMethodEntry>;
  timing: OutboxTiming;
  /** Names this process on leases it takes (unique per start). */
  instanceId: string;
  /** Uniform in [0, 1): jitter (tests may make it fixed). */
  random(): number;
  /** Tells this process's worker that something became due (a message queued, an account linked). */
  wake(): void;
  /** Writes the delivery status notifications of relayed messages that failed (issue 12). */
  dsn: DsnComposer;
}

export interface ReadingDeps {
  /** How each sending method's accounts are read: SMTP + IMAP accounts through IMAP, Graph accounts through Graph. */
  readers: Record<SendingMethod, MailboxReader>;
  /** MAILBRIDGE_MAIL_CACHE_MB in bytes: what the cached bodies may weigh in all. */
  cacheBytes: number;
  /** Tells this process's sync worker that an account's reading was turned on or off. */
  wake(accountId: string): void;
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
  readonly users: ReadonlyArray<{ email: string; displayName: string; kind: 'work' | 'personal'; sendAs?: readonly string[] }>;
  /**
   * What arrived in its users' inboxes, newest first, bodies as text. With `linked` (addressKeys
   * of the mailboxes a caller has linked), only copies held in one of those mailboxes or written
   * from one of them: never another mailbox's copy of mail merely addressed to the caller (Bcc).
   */
  inbox(linked?: ReadonlySet<string>): Promise<SandboxMessage[]>;
}
