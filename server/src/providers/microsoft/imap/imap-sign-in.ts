import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { MailboxLoginRefusedError, type MailboxCredentials } from '../../../core/mailbox/mailbox-reader.js';
import type { Sensitive } from '../../../core/sensitive.js';
import type { Logger } from '../../../platform/logger.js';
import { classifyAddress } from '../../../platform/webhook-address-ranges.js';
import type { MailServer, MicrosoftEndpoints } from '../clouds.js';
import { ProviderUnavailableError } from '../../../core/errors.js';
import { imapError, serverText } from './imap-error.js';
import { ImapLink } from './imap-link.js';

export interface SignInOptions {
  /** How long the server may stay silent while it owes an answer (connect and greeting included). */
  livenessMs: number;
  logger?: Logger | undefined;
}

/**
 * 127.0.0.0/8 and ::1, written as addresses: the only hosts Mailbridge may speak IMAP to in
 * clear (as SMTP, smtp-link.ts). Not `localhost`, which DNS could send elsewhere.
 */
const isLoopbackHost = (host: string): boolean => classifyAddress(host.replace(/^\[|\]$/g, ''))?.loopback === true;

/**
 * imapflow's options for a server. TLS from the start on 993 (`tls`, Exchange Online:
 * docs/microsoft.md §3); on a plain port STARTTLS is required (a server that offers none is
 * refused) but towards a loopback host, where a local test server without TLS is used as it is.
 * SASL XOAUTH2 with the token (RFC 7628; Microsoft Learn "Authenticate an IMAP, POP or SMTP
 * connection using OAuth"); imapflow's logger is off, since its debug entries carry the commands.
 * imapflow neither starts IDLE on its own (`disableAutoIdle`) nor restarts it (no `maxIdleTime`):
 * the IDLE loop owns IDLE. With `maxIdleTime`, imapflow's timer could end an IDLE first and then
 * issue a new one inside the same `client.idle()` call, which then never resolved, and the loop,
 * waiting on it, stopped for good (idle-loop.ts).
 */
export function imapClientOptions(server: MailServer, user: string, token: Sensitive, opts: SignInOptions): ImapFlowOptions {
  const implicit = server.security === 'tls';
  return {
    host: server.host,
    port: server.port,
    secure: implicit,
    ...(implicit ? {} : isLoopbackHost(server.host) ? {} : { doSTARTTLS: true }),
    tls: { minVersion: 'TLSv1.2', ...(server.ca ? { ca: server.ca } : {}) },
    auth: { user, accessToken: token.reveal() },
    clientInfo: { name: 'Mailbridge' },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: opts.livenessMs,
    greetingTimeout: opts.livenessMs,
    // The socket's own inactivity timeout is only a backstop: Liveness watches every command.
    socketTimeout: Math.max(5 * 60_000, 2 * opts.livenessMs),
  };
}

/**
 * Opens and signs in a connection to the account's mailbox. A refused XOAUTH2 (Exchange:
 * `NO AUTHENTICATE failed.`) is tried once more with a token Microsoft refreshes
 * (`credentials.token(rejected)`); refused again, it is MailboxLoginRefusedError (the core tells
 * a bad grant from IMAP switched off, diagnose-read-failure.ts). Errors of `credentials.token`
 * pass through; any other failure is typed by imapError.
 */
export async function signIn(endpoints: MicrosoftEndpoints, credentials: MailboxCredentials, opts: SignInOptions): Promise<ImapLink> {
  const server = endpoints.imap(credentials.cloud, credentials.personal);
  let token = await credentials.token();
  for (let attempt = 1; ; attempt++) {
    const client = new ImapFlow(imapClientOptions(server, credentials.user, token, opts));
    // Unheard, an 'error' event would end the process; the close that follows is what counts.
    client.on('error', (err: unknown) => opts.logger?.debug({ err: serverText(err), accountId: credentials.accountId }, 'IMAP connection error'));
    const link = new ImapLink(client, opts.livenessMs);
    try {
      await link.guard(() => client.connect());
      return link;
    } catch (err) {
      link.close();
      if (!(err as { authenticationFailed?: boolean }).authenticationFailed) throw connectError(err);
      if (attempt === 2) throw new MailboxLoginRefusedError(serverText(err));
      token = await credentials.token(token);
    }
  }
}

/** A connection that could not be made or signed in for any reason but the token: try again later. */
function connectError(err: unknown) {
  const typed = imapError(err, 'Connecting to the IMAP server');
  if (typed.code === 'throttled' || typed.code === 'provider_unavailable') return typed;
  return new ProviderUnavailableError(`Connecting to the IMAP server failed: ${serverText(err)}`, undefined, { microsoftText: serverText(err), cause: err });
}
