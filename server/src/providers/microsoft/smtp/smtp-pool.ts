import { createHash } from 'node:crypto';
import { ThrottledError } from '../../../core/errors.js';
import type { Sensitive } from '../../../core/sensitive.js';
import type { SmtpLink } from './smtp-link.js';

export interface SmtpPoolOptions {
  /**
   * Connections one mailbox may hold to Exchange Online at once: 3 (a 4th is refused with `432
   * 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded`, docs/microsoft.md §3).
   */
  maxPerMailbox: number;
  /** An unused connection is closed (QUIT) after this long. */
  idleMs: number;
  /**
   * A message waits at most this long for one of its mailbox's connections, then is handed back
   * to the outbox as throttled (retried later) rather than holding a worker slot indefinitely.
   */
  waitMs: number;
}

/** A connection lent out: `reused` when it had sent before (the server may have closed it meanwhile). */
export interface Lent {
  link: SmtpLink;
  reused: boolean;
  /** `ok`: the transaction ended cleanly, the connection may serve again. */
  giveBack(ok: boolean): void;
}

/** Which token a connection authenticated with, without keeping the token itself. */
const fingerprint = (token: Sensitive) => createHash('sha256').update(token.reveal()).digest('base64');

/**
 * The connections of one mailbox to one server. New connections use the token of the latest
 * request: those that authenticated with another token are closed once idle.
 */
class MailboxLinks {
  /** Open connections, with the fingerprint of their token. */
  private readonly links = new Map<SmtpLink, string>();
  private readonly idle = new Map<SmtpLink, NodeJS.Timeout>();
  private opening = 0;
  /** Requests being served (waiting for room, or connecting). */
  private lending = 0;
  private readonly waiters: Array<() => void> = [];
  private latest = '';
  private closing = false;

  constructor(private readonly opts: SmtpPoolOptions, private readonly emptied: () => void) {}

  async lend(token: Sensitive, connect: () => Promise<SmtpLink>): Promise<Lent> {
    this.lending++;
    try {
      return await this.find(fingerprint(token), connect);
    } finally {
      this.lending--;
      if (this.unused) this.emptied();
    }
  }

  private async find(print: string, connect: () => Promise<SmtpLink>): Promise<Lent> {
    if (print !== this.latest) for (const l of [...this.idle.keys()]) if (this.links.get(l) !== print) l.close();
    this.latest = print;
    for (;;) {
      const same = [...this.idle.keys()].find((l) => this.links.get(l) === print);
      if (same) {
        clearTimeout(this.idle.get(same));
        this.idle.delete(same);
        return this.lent(same, true);
      }
      // Room taken by an idle connection of another token (of a request that raced a refresh).
      const stale = this.idle.keys().next();
      if (this.size() >= this.opts.maxPerMailbox && !stale.done) stale.value.close();
      if (this.size() < this.opts.maxPerMailbox) return this.lent(await this.open(print, connect), false);
      await this.waitForRoom();
    }
  }

  private lent(link: SmtpLink, reused: boolean): Lent {
    return { link, reused, giveBack: (ok) => this.giveBack(link, ok) };
  }

  /** Takes a connection back: kept for the next message if it worked and its token is the latest; closed otherwise. */
  private giveBack(link: SmtpLink, ok: boolean): void {
    if (!ok || !link.usable || this.closing || this.links.get(link) !== this.latest) link.close(ok);
    else {
      this.idle.set(link, setTimeout(() => link.close(), this.opts.idleMs).unref());
      this.wake();
    }
  }

  closeIdle(): void {
    this.closing = true;
    for (const link of [...this.idle.keys()]) link.close();
  }

  private get unused(): boolean {
    return this.size() === 0 && this.lending === 0;
  }

  private async open(print: string, connect: () => Promise<SmtpLink>): Promise<SmtpLink> {
    this.opening++;
    try {
      const link = await connect();
      this.links.set(link, print);
      link.onClosed(() => this.forget(link));
      return link;
    } finally {
      this.opening--;
      // A failed attempt frees its room: a waiting request may try in turn.
      this.wake();
    }
  }

  private forget(link: SmtpLink): void {
    clearTimeout(this.idle.get(link));
    this.idle.delete(link);
    this.links.delete(link);
    this.wake();
    if (this.unused) this.emptied();
  }

  private size(): number {
    return this.links.size + this.opening;
  }

  private waitForRoom(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i !== -1) this.waiters.splice(i, 1);
        reject(new ThrottledError('All of this mailbox\'s SMTP connections stayed busy (Exchange Online allows 3)', this.opts.waitMs / 1000));
      }, this.opts.waitMs);
      timer.unref();
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    this.waiters.shift()?.();
  }
}

/**
 * The SMTP connections of this process, at most `maxPerMailbox` per mailbox and server, reused
 * from one message to the next (each connection authenticates once, as the signed-in mailbox).
 */
export class SmtpPool {
  private readonly mailboxes = new Map<string, MailboxLinks>();

  constructor(private readonly opts: SmtpPoolOptions) {}

  /** A connection for `user` on `server`: an idle one with this token, or a new one once there is room. */
  lend(server: { host: string; port: number }, user: string, token: Sensitive, connect: () => Promise<SmtpLink>): Promise<Lent> {
    const key = `${server.host}:${server.port}\n${user.toLowerCase()}`;
    let links = this.mailboxes.get(key);
    if (!links) {
      const fresh = new MailboxLinks(this.opts, () => this.mailboxes.get(key) === fresh && this.mailboxes.delete(key));
      links = fresh;
      this.mailboxes.set(key, links);
    }
    return links.lend(token, connect);
  }

  /** Closes the idle connections; those in use close when given back. */
  close(): void {
    for (const links of this.mailboxes.values()) links.closeIdle();
    this.mailboxes.clear();
  }
}
