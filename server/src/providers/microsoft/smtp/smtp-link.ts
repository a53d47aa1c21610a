import type { Readable } from 'node:stream';
import SMTPConnection, { type SMTPConnectionCustomAuthContext, type SMTPConnectionOptions, type SMTPConnectionSendInfo } from 'nodemailer/lib/smtp-connection';
import type { Sensitive } from '../../../core/sensitive.js';
import { classifyAddress } from '../../../platform/webhook-address-ranges.js';
import type { MailServer } from '../clouds.js';

export interface SmtpTimeouts {
  /** To connect, get the greeting and finish STARTTLS. */
  connectMs: number;
  /** Without a byte from the server (the reply to the end of DATA included). */
  socketMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectMs: 30_000, socketMs: 120_000 };

/**
 * 127.0.0.0/8 and ::1, written as addresses: the only hosts Mailbridge may talk SMTP to in clear.
 * Not `localhost`: nodemailer resolves names through the network's DNS servers first, whose
 * answer could send a token in clear off the machine.
 */
const isLoopbackHost = (host: string): boolean => classifyAddress(host.replace(/^\[|\]$/g, ''))?.loopback === true;

/**
 * nodemailer's connection options for a server. STARTTLS is required (`requireTLS`: a server that
 * offers none is refused, never used in clear) but towards a loopback host, where a local test
 * server without TLS may be used as it is; one that offers STARTTLS is still upgraded.
 */
export function connectionOptions(server: MailServer, timeouts: SmtpTimeouts): SMTPConnectionOptions {
  const implicit = server.security === 'tls';
  return {
    host: server.host,
    port: server.port,
    secure: implicit,
    requireTLS: !implicit && !isLoopbackHost(server.host),
    tls: { minVersion: 'TLSv1.2', ...(server.ca ? { ca: server.ca } : {}) },
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.connectMs,
    socketTimeout: timeouts.socketMs,
    logger: false,
  };
}

/**
 * The SASL XOAUTH2 initial response (docs/microsoft.md §3; Microsoft Learn, "Authenticate an IMAP,
 * POP or SMTP connection using OAuth"): base64 of `user={mailbox}^Aauth=Bearer {token}^A^A`.
 */
export const xoauth2 = (user: string, token: Sensitive): string => Buffer.from(`user=${user}\x01auth=Bearer ${token.reveal()}\x01\x01`).toString('base64');

/**
 * One SMTP connection, authenticated with XOAUTH2 as `user` with a token Mailbridge supplies:
 * nodemailer never refreshes it itself (a refused token is the outbox's to refresh).
 */
export class SmtpLink {
  private ended = false;
  private lastError: unknown;
  private readonly closedListeners: Array<() => void> = [];

  private constructor(private readonly conn: SMTPConnection) {
    // An error also reaches the callback of the command in flight; unheard, the event would crash the process.
    conn.on('error', (err: unknown) => {
      this.lastError = err;
      this.end();
    });
    conn.on('end', () => this.end());
  }

  /** Connects (STARTTLS as connectionOptions says) and authenticates; rejects with nodemailer's error. */
  static async open(server: MailServer, user: string, token: Sensitive, timeouts: SmtpTimeouts): Promise<SmtpLink> {
    const conn = new SMTPConnection({
      ...connectionOptions(server, timeouts),
      customAuth: {
        async XOAUTH2(ctx: SMTPConnectionCustomAuthContext) {
          const reply = await ctx.sendCommand(`AUTH XOAUTH2 ${xoauth2(user, token)}`);
          if (reply.status === 235) return;
          // RFC 7628 §3.2.2: a refusal may come as a 334 challenge (an error report); an empty answer ends it.
          if (reply.status === 334) await ctx.sendCommand('');
          throw new Error('XOAUTH2 refused');
        },
      },
    });
    const link = new SmtpLink(conn);
    try {
      await new Promise<void>((resolve, reject) => {
        link.onClosed(() => reject(link.lastError ?? Object.assign(new Error('The SMTP server closed the connection'), { code: 'ECONNECTION' })));
        conn.connect((err) => (err ? reject(err) : conn.login({ method: 'XOAUTH2', user }, (e) => (e ? reject(e) : resolve()))));
      });
    } catch (e) {
      link.close(false);
      throw e;
    }
    return link;
  }

  /** Still connected (the server may close an idle connection). */
  get usable(): boolean {
    return !this.ended;
  }

  /** Called once, when the connection ends for whatever reason. */
  onClosed(listener: () => void): void {
    if (this.ended) listener();
    else this.closedListeners.push(listener);
  }

  /** One transaction: MAIL FROM, RCPT TO, DATA with the stream. Resolves with the reply to the end of DATA. */
  send(envelope: { from: string; to: string[] }, message: Readable): Promise<SMTPConnectionSendInfo> {
    return new Promise((resolve, reject) => this.conn.send(envelope, message, (err, info) => (err ? reject(err) : resolve(info!))));
  }

  /**
   * `graceful`: QUIT, for an idle connection. Otherwise the socket is closed at once: after a
   * failure the connection may be in the middle of DATA, and a transaction cut short is not
   * delivered (RFC 5321 §4.1.1.4: only the final dot makes the server take the message).
   */
  close(graceful = true): void {
    if (this.ended) return;
    if (graceful) this.conn.quit();
    else this.conn.close();
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.closedListeners.splice(0)) l();
  }
}
