import type { MailboxSink } from '../../../core/mailbox/mailbox-reader.js';
import type { Logger } from '../../../platform/logger.js';
import type { ImapLink } from './imap-link.js';

/** The first sync's progress over every folder (MailboxSink.progress), in messages. */
export class SyncProgress {
  private done = 0;
  constructor(private readonly sink: MailboxSink, private readonly total: number) {}

  start(): Promise<void> {
    return this.sink.progress(0, this.total);
  }

  /** `n` more messages are stored; never reports more than the total (messages may arrive meanwhile). */
  add(n: number): Promise<void> {
    this.done = Math.min(this.total, this.done + n);
    return this.sink.progress(this.done, this.total);
  }
}

/** What a folder's sync works with: the connection, where it writes, and the first sync's progress. */
export interface SyncContext {
  link: ImapLink;
  sink: MailboxSink;
  progress: SyncProgress | null;
  logger?: Logger | undefined;
}
