import type { DeliveryJob, MailSender } from '../../../core/sending/mail-sender.js';
import type { MicrosoftEndpoints } from '../clouds.js';
import { smtpError } from './smtp-error.js';
import { DEFAULT_SMTP_TIMEOUTS, SmtpLink, type SmtpTimeouts } from './smtp-link.js';
import { smtpMessage } from './smtp-message.js';
import { SmtpPool, type SmtpPoolOptions } from './smtp-pool.js';

export interface SmtpSenderOptions extends Partial<SmtpPoolOptions> {
  timeouts?: SmtpTimeouts;
}

/** nodemailer's codes for a connection that failed or was cut (its ERROR_CODES). */
const CONNECTION_LOST = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT']);

/**
 * Sending through Exchange Online's SMTP submission with OAuth 2.0 (method `smtp_imap`;
 * docs/microsoft.md §3): STARTTLS, then SASL XOAUTH2 as the signed-in mailbox with the access
 * token the outbox supplies (for the Outlook resource), then one transaction per message whose
 * envelope sender is the message's From (the mailbox, or a shared mailbox it may send as).
 * Connections are pooled per mailbox, at most 3 (Exchange refuses a 4th). A reply "accepted"
 * means no more than that, as with Graph. At least once: a connection lost after DATA leaves the
 * fate unknown, and the message goes again with the same Message-ID.
 */
export class SmtpSender implements MailSender {
  private readonly pool: SmtpPool;
  private readonly timeouts: SmtpTimeouts;

  constructor(private readonly endpoints: MicrosoftEndpoints, opts: SmtpSenderOptions = {}) {
    this.pool = new SmtpPool({ maxPerMailbox: opts.maxPerMailbox ?? 3, idleMs: opts.idleMs ?? 60_000, waitMs: opts.waitMs ?? 60_000 });
    this.timeouts = opts.timeouts ?? DEFAULT_SMTP_TIMEOUTS;
  }

  async deliver(job: DeliveryJob): Promise<void> {
    const server = this.endpoints.smtp(job.cloud, job.mailbox.personal);
    const user = job.mailbox.address;
    for (let again = false; ; again = true) {
      const lent = await this.pool.lend(server, user, job.accessToken, () => SmtpLink.open(server, user, job.accessToken, this.timeouts)).catch((e: unknown) => {
        throw smtpError(e);
      });
      let message: ReturnType<typeof smtpMessage>;
      try {
        // Still this process's message (the lease), recorded before Microsoft may take it.
        await job.checkpoint({ sendStartedAt: job.now() });
        message = smtpMessage(job);
      } catch (e) {
        lent.giveBack(true);
        throw e;
      }
      try {
        await lent.link.send(message.envelope, message.stream);
        lent.giveBack(true);
        return;
      } catch (e) {
        lent.giveBack(false);
        // The server closed an idle connection before this message began: nothing was sent, so once more on a new one.
        if (lent.reused && !again && !message.started() && CONNECTION_LOST.has((e as { code?: string }).code ?? '')) continue;
        throw smtpError(message.readFailure() ?? e);
      }
    }
  }

  /** Nothing to clean up: an SMTP attempt leaves nothing behind at Microsoft. */
  async discard(): Promise<void> {}

  /**
   * Closes the idle connections (at shutdown, once the outbox stopped); those in use close when
   * their message is done. A later delivery opens new ones.
   */
  close(): void {
    this.pool.close();
  }
}
