import type { FetchMessageObject, FetchQueryObject, ImapFlow, ListResponse, MailboxObject, StatusObject, StatusQuery } from 'imapflow';
import { Liveness } from './liveness.js';

/** The mailbox changes the server reports unasked (RFC 3501 §7.3.1 EXISTS, §7.4.1 EXPUNGE, §7.4.2 FETCH). */
export interface MailboxChanges {
  exists: boolean;
  expunge: boolean;
  flags: boolean;
}

/**
 * One signed-in IMAP connection, through the operations the sync uses, each watched by
 * {@link Liveness}: a connection that stops answering is closed, and the operation in flight
 * rejects, within the liveness time. Also collects what the server reports about the selected
 * mailbox between commands (in IDLE above all).
 */
export class ImapLink {
  private readonly liveness: Liveness;
  private changes: MailboxChanges = { exists: false, expunge: false, flags: false };
  private readonly waiters = new Set<() => void>();
  private watched: string | null = null;
  /** Resolves when the connection is closed, for whatever reason. */
  readonly closed: Promise<void>;

  constructor(readonly client: ImapFlow, livenessMs: number) {
    this.liveness = new Liveness(() => client.stats().received, livenessMs, () => client.close());
    this.closed = new Promise((resolve) => client.once('close', () => {
      this.liveness.stop();
      this.wake();
      resolve();
    }));
    const note = (kind: keyof MailboxChanges) => (event: { path?: string }) => {
      if (this.watched === null || event.path !== this.watched) return;
      this.changes[kind] = true;
      this.wake();
    };
    client.on('exists', note('exists'));
    client.on('expunge', note('expunge'));
    client.on('flags', note('flags'));
  }

  /** CONDSTORE is on (RFC 7162 §3.1): flags changed since a mod-sequence can be asked for. */
  get condstore(): boolean {
    return this.client.enabled.has('CONDSTORE');
  }

  get usable(): boolean {
    return this.client.usable;
  }

  /** Reports about this mailbox (the inbox) are collected; others are ignored. */
  watch(path: string): void {
    this.watched = path;
  }

  /** What the server reported since the last call, cleared. */
  takeChanges(): MailboxChanges {
    const c = this.changes;
    this.changes = { exists: false, expunge: false, flags: false };
    return c;
  }

  /** Resolves at the next report of a change or the close (at once if one is waiting). */
  nextChange(): Promise<void> {
    if (this.changes.exists || this.changes.expunge || this.changes.flags || this.client.isClosed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private wake(): void {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }

  list(): Promise<ListResponse[]> {
    return this.guard(() => this.client.list());
  }

  /** SELECT, or EXAMINE when `readOnly` (RFC 3501 §6.3.2: nothing in it changes, `\Seen` included). */
  select(path: string, readOnly = true): Promise<MailboxObject> {
    return this.guard(() => this.client.mailboxOpen(path, { readOnly }));
  }

  status(path: string, query: StatusQuery): Promise<StatusObject | false> {
    return this.guard(() => this.client.status(path, query));
  }

  /** UID SEARCH of the selected mailbox: every UID, or those in `uids` (a UID set). */
  async searchUids(uids?: string): Promise<number[]> {
    const found = await this.guard(() => this.client.search(uids ? { uid: uids } : { all: true }, { uid: true }));
    return found || [];
  }

  /** UID FETCH of a UID set, every answer collected. */
  fetch(uids: string, query: FetchQueryObject, changedSince?: bigint): Promise<FetchMessageObject[]> {
    return this.guard(() => this.client.fetchAll(uids, query, { uid: true, ...(changedSince !== undefined ? { changedSince } : {}) }));
  }

  noop(): Promise<void> {
    return this.guard(() => this.client.noop());
  }

  /** Runs `op` (any other command of imapflow's) under the liveness watch. */
  guard<T>(op: () => Promise<T>): Promise<T> {
    return this.liveness.guard(op);
  }

  /** LOGOUT, given `ms` at most, then the socket is closed in any case. */
  async logout(ms: number): Promise<void> {
    if (!this.client.isClosed) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.client.logout().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
    }
    this.close();
  }

  close(): void {
    this.liveness.stop();
    if (!this.client.isClosed) this.client.close();
  }
}
