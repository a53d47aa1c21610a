import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { Deps } from '../core/deps.js';
import type { Store } from '../core/ports.js';
import { AppOnlyTokens } from '../core/apps/app-only-tokens.js';
import { AccessTokens } from '../core/accounts/access-tokens.js';
import { OutboxWorker } from '../core/outbox/outbox-worker.js';
import { DailyScheduler } from '../core/scheduler/daily-scheduler.js';
import { DAY_MS } from '../core/accounts/keep-alive.js';
import { WebhookWorker } from '../core/webhooks/webhook-worker.js';
import { MailboxSyncWorker } from '../core/mailbox/mailbox-sync-worker.js';
import { webhookTransport } from '../platform/webhook-transport.js';
import { webhookSigner } from '../platform/webhook-signer.js';
import { dsnComposer } from '../platform/mail-mime/dsn-composer.js';
import type { SendingMethodEntry } from '../core/sending/mail-sender.js';
import { grants, MAIL_READ_WRITE } from '../core/link-scopes.js';
import { randomToken } from '../core/random-token.js';
import type { Clock } from '../core/ports.js';
import { GraphSender } from '../providers/microsoft/graph-sender.js';
import { GRAPH_MAX_REQUEST_BYTES } from '../providers/microsoft/graph-message.js';
import { SmtpSender } from '../providers/microsoft/smtp/smtp-sender.js';
import { lockSqliteInstance } from './sqlite-instance-lock.js';
import { hostname } from 'node:os';
import { ensureAdminKey } from '../core/users/ensure-admin-key.js';
import { ensureAdminPassword } from '../core/users/ensure-admin-password.js';
import { buildHttpApp } from '../http/app.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { httpFetch } from '../platform/http-client.js';
import { Vault } from '../platform/vault.js';
import { loadMasterKey } from './master-key.js';
import { MicrosoftEndpoints } from '../providers/microsoft/clouds.js';
import { MicrosoftIdentityClient } from '../providers/microsoft/identity-client.js';
import { GraphMailbox } from '../providers/microsoft/graph-mailbox.js';
import { GraphReader } from '../providers/microsoft/graph-reading/graph-reader.js';
import { ImapReader } from '../providers/microsoft/imap/imap-reader.js';
import { createStore } from '../storage/create-store.js';
import { systemClock } from '../platform/clock.js';
import { startSandbox } from './start-sandbox.js';
import { RelayServer } from '../relay/relay-server.js';
import { relayTls } from './relay-tls.js';

export interface Mailbridge {
  deps: Deps;
  http: FastifyInstance;
  store: Store;
  logger: Logger;
  /** The outbox worker, when this process delivers (MAILBRIDGE_WORKERS=1). */
  worker: OutboxWorker | null;
  /** The daily chores (refresh-token keep-alive, secret expiry), beside the worker. */
  scheduler: DailyScheduler | null;
  /** Keeps the mailboxes whose reading is on in sync, beside the worker. */
  syncWorker: MailboxSyncWorker | null;
  /** The SMTP relay when configured (MAILBRIDGE_RELAY_PORT / _TLS_PORT): not listening until its listen(). */
  relay: RelayServer | null;
  /** Stops claiming, lets in-flight sends finish (up to `graceMs`, 10 s), gives back the rest, closes. */
  close(graceMs?: number): Promise<void>;
}

/** The only place where adapters are constructed and wired (docs/architecture.md). */
export interface ComposeOptions {
  logger?: Logger;
  /** false: no sandbox even if configured (CLI commands). */
  sandbox?: boolean;
  /** false: no outbox worker even with MAILBRIDGE_WORKERS=1 (CLI commands). */
  worker?: boolean;
  /** `serve`: refuse a second serving process on one SQLite file. */
  exclusive?: boolean;
  /** Tests run time faster (pacing on a shortened clock). */
  clock?: Clock;
  random?: () => number;
  /** Tests shorten the day of the daily chores (keep-alive, secret expiry) and look more often. */
  schedule?: { periodMs?: number; tickMs?: number };
}


export async function compose(config: Config, opts: ComposeOptions = {}): Promise<Mailbridge> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const masterKey = await loadMasterKey(config, logger);
  const vault = new Vault([masterKey]);
  const store = await createStore({ databaseUrl: config.databaseUrl, vault });
  const clock = opts.clock ?? systemClock;
  // Before anything else starts (the sandbox logs where it runs): a second server refuses at once.
  const unlock = opts.exclusive && config.databaseUrl.startsWith('sqlite:') ? await lockSqliteInstance(store, config.databaseUrl, () => clock.now()) : null;
  const redirectUri = `${config.publicUrl}/oauth/callback`;
  const sandbox = opts.sandbox !== false && config.sandbox.enabled ? await startSandbox(config, { masterKey, redirectUri, store, logger }) : undefined;
  const endpoints = new MicrosoftEndpoints(config.microsoft, sandbox);
  let worker: OutboxWorker | null = null;
  let scheduler: DailyScheduler | null = null;
  let webhookWorker: WebhookWorker | null = null;
  let syncWorker: MailboxSyncWorker | null = null;
  let relay: RelayServer | null = null;
  const graph: SendingMethodEntry = {
    sender: new GraphSender(endpoints, httpFetch),
    guarantee: (granted, requestsReadWrite) => (granted === null ? requestsReadWrite : grants(granted, MAIL_READ_WRITE)) ? 'exactly_once' : 'at_least_once',
    singleRequestBytes: GRAPH_MAX_REQUEST_BYTES,
    resource: 'graph',
    // Graph's MailboxConcurrency (docs/microsoft.md §2, "Throttling and sending limits").
  };
  // Service mailboxes (issue 12): the same Graph sender, with the organisation app's app-only token
  // and /users/{address}; exactly-once unless Graph refuses drafts in the mailbox (no Mail.ReadWrite).
  const graphApp: SendingMethodEntry = { ...graph, guarantee: () => 'exactly_once', appOnly: true };
  const smtpSender = new SmtpSender(endpoints);
  // Service mailboxes are not read (issue 12 sends only); their reading fails on the missing grant.
  const graphReader = new GraphReader(endpoints, httpFetch, { pollMs: config.reading.graphPollMs });
  const imapReader = new ImapReader(endpoints, { idleMs: config.reading.idleMs, livenessMs: config.reading.livenessMs, logger });
  // Exchange Online's SMTP submission (docs/microsoft.md §3): no request-size bound, 3 connections per mailbox.
  const smtpImap: SendingMethodEntry = { sender: smtpSender, guarantee: () => 'at_least_once', singleRequestBytes: null, resource: 'outlook' };
  const deps: Deps = {
    store,
    // Client assertions on the configured clock: the one a wrong server time (AADSTS700024) is about.
    identity: new MicrosoftIdentityClient(endpoints, httpFetch, systemClock, redirectUri, clock),
    mailbox: new GraphMailbox(endpoints, httpFetch),
    clock,
    tokens: new AccessTokens(),
    appTokens: new AppOnlyTokens(),
    redirectUri,
    publicUrl: config.publicUrl,
    defaultCloud: config.microsoft.cloud,
    outbox: {
      methods: { graph, smtp_imap: smtpImap, graph_app: graphApp },
      timing: { retryBaseMs: config.outbox.retryBaseMs, retryBudgetMs: config.outbox.retryBudgetMs, leaseMs: config.outbox.leaseMs, attachmentRetentionMs: config.outbox.attachmentRetentionMs },
      instanceId: `${hostname()}:${process.pid}:${randomToken(6)}`,
      random: opts.random ?? Math.random,
      dsn: dsnComposer,
      wake: () => {
        worker?.wake();
        webhookWorker?.wake();
      },
    },
    reading: { readers: { graph: graphReader, smtp_imap: imapReader, graph_app: graphReader }, cacheBytes: config.reading.cacheBytes, wake: () => syncWorker?.wake() },
    webhooks: { transport: webhookTransport({ allowPrivate: config.webhookAllowPrivate }), signer: webhookSigner, wake: () => webhookWorker?.wake() },
    // Off: no ports, and MAILBRIDGE_RELAY_MAX_SIZE_MB's default (35) for the page to show.
    relay: { info: () => relay?.info() ?? { port: null, tlsPort: null, maxSizeBytes: config.relay?.maxSizeBytes ?? 35 * 1024 * 1024 } },
    ...(sandbox ? { sandbox } : {}),
  };
  if (config.adminApiKey) await ensureAdminKey(deps, config.adminApiKey);
  if (config.admin) await ensureAdminPassword(deps, config.admin.email, config.admin.password);
  const http = await buildHttpApp(deps, logger, { webDir: config.webDir, trustProxy: config.trustProxy });
  const relayConfig = config.relay;
  if (relayConfig) {
    relay = new RelayServer(deps, { ...relayConfig, name: relayName(config.publicUrl), tls: () => relayTls({ ...config, relay: relayConfig }, logger), log: logger });
  }
  if (config.outbox.workers === 1 && opts.worker !== false) {
    worker = new OutboxWorker(deps, { capacity: 32, pollMs: 250, log: logger });
    worker.start();
    scheduler = new DailyScheduler(deps, { periodMs: opts.schedule?.periodMs ?? DAY_MS, tickMs: opts.schedule?.tickMs ?? 60_000, log: logger });
    scheduler.start();
    webhookWorker = new WebhookWorker(deps, { capacity: 64, pollMs: 100, leaseMs: config.outbox.leaseMs, log: logger });
    webhookWorker.start();
    syncWorker = new MailboxSyncWorker(deps, { leaseMs: config.outbox.leaseMs, log: logger });
    syncWorker.start();
  }
  return {
    deps,
    http,
    store,
    logger,
    worker,
    scheduler,
    syncWorker,
    relay,
    async close(graceMs?: number) {
      // First: no new relayed message is taken while the rest shuts down.
      await relay?.close();
      await scheduler?.stop();
      await worker?.stop(graceMs);
      await webhookWorker?.stop();
      await syncWorker?.stop();
      smtpSender.close();
      await imapReader.close();
      await http.close();
      await sandbox?.close();
      await unlock?.();
      await store.close();
    },
  };
}

/** The relay's name in its greeting: the public URL's host. */
const relayName = (publicUrl: string): string => new URL(publicUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost';
