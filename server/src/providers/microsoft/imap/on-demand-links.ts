import type { MailboxCredentials } from '../../../core/mailbox/mailbox-reader.js';
import type { MicrosoftEndpoints } from '../clouds.js';
import { imapError, isServerRefusal } from './imap-error.js';
import type { ImapLink } from './imap-link.js';
import { signIn, type SignInOptions } from './imap-sign-in.js';

/** How long a connection for on-demand operations stays open after its last use. */
export const ON_DEMAND_KEEP_MS = 30_000;
/**
 * On-demand connections an account may have at once; more operations wait their turn. Issue 11:
 * one long-lived connection per account and one short second one; Exchange Online limits a
 * mailbox's IMAP connections, and a burst of API calls must never crowd out the sync's own.
 */
export const ON_DEMAND_MAX = 1;

/**
 * The short second connection of an account (issue 11: one long-lived connection per account,
 * and a short one for on-demand reads and writes), kept open ON_DEMAND_KEEP_MS after its last
 * operation so that opening a message and marking it read sign in once. Operations that overlap
 * take turns on it (ON_DEMAND_MAX).
 */
export class OnDemandLinks {
  private readonly parked = new Map<string, { link: ImapLink; timer: NodeJS.Timeout }>();
  private readonly busy = new Map<string, { running: number; waiting: Array<() => void> }>();

  constructor(private readonly endpoints: MicrosoftEndpoints, private readonly opts: SignInOptions, private readonly keepMs = ON_DEMAND_KEEP_MS) {}

  /** Runs `op` on a signed-in connection; its failures typed by imapError. */
  async use<T>(credentials: MailboxCredentials, op: (link: ImapLink) => Promise<T>): Promise<T> {
    const key = `${credentials.accountId}\n${credentials.user}`;
    await this.turn(key);
    try {
      let link = this.take(key);
      if (!link) link = await signIn(this.endpoints, credentials, this.opts);
      try {
        const result = await op(link);
        this.park(key, link);
        return result;
      } catch (err) {
        // A refusal leaves the connection usable; anything else may have left it half-way.
        if (isServerRefusal(err)) this.park(key, link);
        else link.close();
        throw imapError(err);
      }
    } finally {
      this.done(key);
    }
  }

  /** Waits until the account has fewer than ON_DEMAND_MAX operations running, then counts this one. */
  private async turn(key: string): Promise<void> {
    const slot = this.busy.get(key) ?? { running: 0, waiting: [] };
    this.busy.set(key, slot);
    // A finished operation hands its place straight to the first waiting one (done()).
    if (slot.running >= ON_DEMAND_MAX) await new Promise<void>((resolve) => slot.waiting.push(resolve));
    else slot.running++;
  }

  private done(key: string): void {
    const slot = this.busy.get(key);
    if (!slot) return;
    const next = slot.waiting.shift();
    if (next) return next();
    if (--slot.running === 0) this.busy.delete(key);
  }

  /** Signs out of every kept connection (at shutdown). */
  async close(): Promise<void> {
    const links = [...this.parked.values()];
    this.parked.clear();
    await Promise.all(links.map(({ link, timer }) => (clearTimeout(timer), link.logout(1000))));
  }

  private take(key: string): ImapLink | null {
    const entry = this.parked.get(key);
    if (!entry) return null;
    this.parked.delete(key);
    clearTimeout(entry.timer);
    if (entry.link.usable) return entry.link;
    entry.link.close();
    return null;
  }

  private park(key: string, link: ImapLink): void {
    if (!link.usable || this.parked.has(key)) {
      void link.logout(1000);
      return;
    }
    const timer = setTimeout(() => {
      if (this.parked.get(key)?.link === link) this.parked.delete(key);
      void link.logout(1000);
    }, this.keepMs);
    timer.unref();
    this.parked.set(key, { link, timer });
  }
}
