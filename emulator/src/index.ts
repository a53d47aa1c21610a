import type { AddressInfo } from 'node:net';
import { createClock, type Clock } from './clock.js';
import { EmulatorControl } from './control/emulator-control.js';
import { createJwtSigner } from './identity/jwt-signer.js';
import { buildServer } from './server.js';
import { startSmtpServer, type RunningSmtp } from './smtp/smtp-server.js';
import type { EmulatorContext } from './state/context.js';
import { addDeliveryListener, type DeliveryListener } from './state/delivery-listeners.js';
import type { SmtpEndpoint } from './state/types.js';
import { Store } from './state/store.js';

export type { Clock } from './clock.js';
export type { CreateAppInput, CreateTenantInput, CreateUserInput, GrantConsentInput, TenantPatch } from './control/emulator-control.js';
export type { SmtpFaultState, SmtpSessionFilter } from './control/smtp-control.js';
export type { AccessPolicyInput, AddCertificateInput, AppPermissionsInput, CertificateInfo, ExchangeRoleInput } from './control/app-only-control.js';
export type { AcceptedFilter, AcceptedKey, FaultState } from './control/traffic-control.js';
export { EmulatorControl } from './control/emulator-control.js';
export type { ImapIntrospection } from './imap/introspect.js';
export type { Delivery, DeliveryListener } from './state/delivery-listeners.js';
export type {
  AcceptedMessage, App, AppCertificate, AppSecret, ApplicationAccessPolicy, AppPermissionGrant, ExchangeRoleAssignment, AttachmentInfo, FaultEndpoint, FaultSpec, FaultTarget, MailboxLimits, RecordedRequest, RetryAfterSpec, ThrottleCounts, SignInAudience, StoreSnapshot, StoredMessage, Tenant, User, UserFlags,
  SmtpAuthAttempt, SmtpEndpoint, SmtpFaultSpec, SmtpFaultTarget, SmtpSessionRecord, SmtpStage, SmtpTransaction,
} from './state/types.js';
export { SMTP_HOSTNAME } from './smtp/exchange-replies.js';
export { PERSONAL_TENANT_ID } from './state/types.js';

/** A running emulator: the control methods plus its URL, SMTP endpoint, clock and close(). */
export interface Emulator extends EmulatorControl {
  url: string;
  /**
   * The SMTP submission endpoint (Exchange Online's smtp.office365.com:587): `{host, port, url,
   * caPem}`; null when started with `smtp: false`.
   */
  smtp: SmtpEndpoint | null;
  clock: Clock;
  /**
   * Calls `listener` for every copy of a message stored in a mailbox from now on — the
   * recipients' Inbox copies and the sender's Sent Items copy, sent through Graph or SMTP — so a
   * test can feed them to another server (e.g. a Dovecot playing Exchange's IMAP). Returns the
   * function that stops it. In-process only.
   */
  onDelivery(listener: DeliveryListener): () => void;
  close(): Promise<void>;
}

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * `http` (default): the control API is also served under /_emulator, to anyone who can reach
   * the port, without authentication — what tests and `npm run emulator` want. `none`: only the
   * identity and Graph endpoints are served; the control methods work in-process only.
   */
  control?: 'http' | 'none';
  /** Keep every request for requests() (default true). Off, nothing accumulates in memory. */
  recordRequests?: boolean;
  /**
   * Called after a request that may have changed state (any method but GET/HEAD/OPTIONS), and
   * after an SMTP message was delivered, and awaited before its answer is sent, so an embedder
   * can save a snapshot() first. Whether it did change anything, and what, changes() tells (a
   * 404 changes nothing).
   */
  onChange?: () => Promise<void> | void;
  /**
   * The SMTP submission endpoint, on `host` (default: on, port 0 = a free one). It gets its own
   * certificate at each start (`emulator.smtp.caPem`). `false`: no SMTP endpoint.
   */
  smtp?: boolean | { port?: number };
}

/** Starts the Microsoft stand-in on loopback; point both authority and Graph origins at `url`. */
export async function startEmulator(opts: StartOptions = {}): Promise<Emulator> {
  const clock = createClock();
  const ctx: EmulatorContext = { store: new Store(), clock, signer: createJwtSigner(), baseUrl: '', smtp: null };
  const control = new EmulatorControl(ctx);
  ctx.store.traffic.recordAccepted = opts.recordRequests ?? true;
  const server = await buildServer(ctx, control, clock, {
    controlRoutes: (opts.control ?? 'http') === 'http',
    recordRequests: opts.recordRequests ?? true,
    onChange: opts.onChange,
  });
  const host = opts.host ?? '127.0.0.1';
  await server.listen({ port: opts.port ?? 0, host });
  const { port } = server.server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  ctx.baseUrl = `http://${shownHost}:${port}`;
  let smtp: RunningSmtp | undefined;
  if (opts.smtp !== false) {
    try {
      smtp = await startSmtpServer(ctx, {
        host, port: (typeof opts.smtp === 'object' ? opts.smtp.port : undefined) ?? 0, record: opts.recordRequests ?? true, onChange: opts.onChange,
      });
    } catch (err) {
      await server.close();
      throw err;
    }
    ctx.smtp = smtp.endpoint;
  }
  return Object.assign(control, {
    url: ctx.baseUrl,
    smtp: ctx.smtp,
    clock,
    onDelivery: (listener: DeliveryListener) => addDeliveryListener(ctx, listener),
    close: async () => { await Promise.all([server.close(), smtp?.close()]); },
  });
}
