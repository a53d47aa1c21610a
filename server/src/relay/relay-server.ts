import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Deps } from '../core/deps.js';
import type { Logger } from '../platform/logger.js';
import { isLoopback, shapeConnections } from './relay-connection.js';
import { relayHandlers } from './relay-handlers.js';
import { DataBudget, dataBudgetBytes } from './read-message.js';
import { RELAY_REPLIES } from './relay-replies.js';

export interface RelayServerOptions {
  host: string;
  /** STARTTLS port (587, 2525); undefined: none. 0: any free port (tests). */
  port: number | undefined;
  /** Implicit TLS port (465, RFC 8314 §3.3); undefined: none. */
  tlsPort: number | undefined;
  /** The certificate and key, asked for when it starts listening (making one is main/'s business). */
  tls: () => Promise<{ certPem: string; keyPem: string }>;
  maxSizeBytes: number;
  allowPlainLoopback: boolean;
  /** The name in the greeting and EHLO answer. */
  name: string;
  log: Logger;
}

/** Exchange Online takes at most 500 recipients per message (docs/microsoft.md §2, "Sending limits"). */
const MAX_RECIPIENTS = 500;

/**
 * Connections per listening port at once; one more is told `421 … Too many connected clients`
 * (smtp-server) and may come back. Printers and ERPs hold one or a few each: 200 is plenty for a
 * site, and bounds sockets and per-connection memory against a flood.
 */
const MAX_CLIENTS = 200;

/** An idle connection (no command, no data) is closed after this (smtp-server socketTimeout; RFC 5321 §4.5.3.2.7 allows 5 minutes, devices need far less). */
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * The SMTP submission server (issue 12, docs/relay.md): smtp-server listening with STARTTLS
 * (RFC 3207) on `port` and implicit TLS on `tlsPort`. Advertises PIPELINING, 8BITMIME, SMTPUTF8,
 * SIZE, ENHANCEDSTATUSCODES and AUTH PLAIN LOGIN (AUTH only where it may be used:
 * relay-connection.ts); not DSN or REQUIRETLS, which it could not honour
 * through Microsoft. Nothing listens until listen().
 */
export class RelayServer {
  private readonly servers: Array<{ smtp: SMTPServer; port: number; kind: 'port' | 'tlsPort' }> = [];
  private bound: { port: number | null; tlsPort: number | null } = { port: null, tlsPort: null };

  constructor(
    private readonly deps: Deps,
    private readonly o: RelayServerOptions,
  ) {}

  /** Listens on the configured ports; resolves with the ports actually bound. */
  async listen(): Promise<{ port: number | null; tlsPort: number | null }> {
    const tls = await this.o.tls();
    // One budget for both ports: it bounds the DATA the process holds at once (read-message.ts).
    const budget = new DataBudget(dataBudgetBytes(this.o.maxSizeBytes));
    const handlers = relayHandlers(this.deps, { maxSizeBytes: this.o.maxSizeBytes, budget, log: this.o.log });
    const allowPlainAuth = (remote: string) => this.o.allowPlainLoopback && isLoopback(remote);
    for (const [kind, port, secure] of [['port', this.o.port, false], ['tlsPort', this.o.tlsPort, true]] as const) {
      if (port === undefined) continue;
      const smtp = new SMTPServer({ ...this.options(secure, tls), ...handlers });
      shapeConnections(smtp, allowPlainAuth);
      smtp.on('error', (err) => this.o.log.warn({ err, relay: kind }, 'relay connection error'));
      const bound = await new Promise<number>((resolve, reject) => {
        smtp.server.once('error', reject);
        smtp.listen(port, this.o.host, () => {
          smtp.server.off('error', reject);
          resolve((smtp.server.address() as AddressInfo).port);
        });
      });
      this.servers.push({ smtp, port: bound, kind });
      this.bound = { ...this.bound, [kind]: bound };
    }
    return this.bound;
  }

  /** The ports it listens on (null: none) and the largest message it takes, for the API and the page. */
  info(): { port: number | null; tlsPort: number | null; maxSizeBytes: number } {
    // Before it listens: the configured ports (0 until bound).
    return { port: this.bound.port ?? this.o.port ?? null, tlsPort: this.bound.tlsPort ?? this.o.tlsPort ?? null, maxSizeBytes: this.o.maxSizeBytes };
  }

  /** Stops accepting; a transaction in progress may finish (up to 5 s), then connections are closed. */
  async close(): Promise<void> {
    await Promise.all(this.servers.map(({ smtp }) => new Promise<void>((resolve) => smtp.close(() => resolve()))));
    this.servers.length = 0;
  }

  private options(secure: boolean, tls: { certPem: string; keyPem: string }): SMTPServerOptions {
    return {
      secure,
      key: tls.keyPem,
      cert: tls.certPem,
      // smtp-server defaults to TLS 1.0 for old clients; 1.0 and 1.1 are deprecated (RFC 8996).
      // Passed into the secure context used for STARTTLS and implicit TLS alike.
      minVersion: 'TLSv1.2',
      name: this.o.name,
      banner: 'Mailbridge SMTP relay',
      size: this.o.maxSizeBytes,
      authMethods: ['PLAIN', 'LOGIN'],
      // AUTH over a plain connection is decided per client by relay-connection.ts (538 5.7.11).
      allowInsecureAuth: true,
      authRequiredMessage: RELAY_REPLIES.authRequired.text,
      maxRecipients: MAX_RECIPIENTS,
      maxClients: MAX_CLIENTS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      hideDSN: true,
      hideREQUIRETLS: true,
      hideENHANCEDSTATUSCODES: false,
      disableReverseLookup: true,
      closeTimeout: 5_000,
      logger: false,
    };
  }
}
