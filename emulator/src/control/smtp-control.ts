import { addSmtpFault } from '../smtp/smtp-faults.js';
import type { SmtpEndpoint, SmtpFaultSpec, SmtpSessionRecord } from '../state/types.js';
import { MailControl } from './mail-control.js';

export interface SmtpFaultState { spec: SmtpFaultSpec; remaining: number | null; fired: number }
export interface SmtpSessionFilter { mailbox?: string; user?: string }

/**
 * Control methods about the SMTP submission endpoint: where it listens, its faults and what its
 * sessions did. EmulatorControl extends it; the HTTP routes are in smtp-routes.ts.
 */
export class SmtpControl extends MailControl {
  /** Host, port, `smtp://` URL and the CA (PEM) to trust; throws when the emulator runs without SMTP. */
  smtpEndpoint(): SmtpEndpoint {
    if (!this.ctx.smtp) throw new Error('the SMTP endpoint is not running (startEmulator({ smtp: false }))');
    return { ...this.ctx.smtp };
  }

  /** Queues an SMTP fault (see SmtpFaultSpec): a reply of your choosing, a cut connection or a delay at a stage. */
  injectSmtpFault(spec: SmtpFaultSpec): void {
    addSmtpFault(this.ctx, spec);
  }

  /** The queued SMTP faults, with how many answers each has left (null = unlimited) and has given. */
  smtpFaults(): SmtpFaultState[] {
    return structuredClone(this.ctx.store.traffic.smtpFaults);
  }

  clearSmtpFaults(): void {
    this.ctx.store.traffic.smtpFaults = [];
  }

  /** Clears the HTTP faults and the SMTP ones. */
  override clearFaults(): void {
    super.clearFaults();
    this.clearSmtpFaults();
  }

  /**
   * The SMTP sessions since the last reset, oldest first: `mailbox` = the one a session
   * authenticated as, `user` = the `user=` it offered (both case-insensitive).
   */
  smtpSessions(filter: SmtpSessionFilter = {}): SmtpSessionRecord[] {
    const same = (a: string | null, b: string | undefined) => b === undefined || a?.toLowerCase() === b.toLowerCase();
    return structuredClone(this.ctx.store.traffic.smtpSessions.filter((s) => same(s.mailbox, filter.mailbox) && same(s.user, filter.user)));
  }
}
