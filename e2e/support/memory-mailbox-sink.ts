import type { Problem } from '../../server/src/core/domain.js';
import type { FolderListing, FolderSyncCursor, MailFolder } from '../../server/src/core/mailbox/mail-folder.js';
import type { IncomingMailMessage } from '../../server/src/core/mailbox/mail-message.js';
import type { KnownMessage, MailboxSink } from '../../server/src/core/mailbox/mailbox-reader.js';

export type SinkCall =
  | { kind: 'messages'; folder: string; remoteIds: string[]; newMail: boolean }
  | { kind: 'flags'; folder: string; changes: KnownMessage[] }
  | { kind: 'removed'; folder: string; remoteIds: string[] }
  | { kind: 'reset'; folder: string }
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'synced' }
  | { kind: 'reconnecting'; problem: Problem | null };

const NO_CURSOR: FolderSyncCursor = { uidValidity: null, uidNext: null, highestModseq: null, deltaLink: null };

/**
 * A MailboxSink in memory for the reader's tests: folders by path, messages by folder path and
 * UID, and every call in order (`calls`), with `waitFor` to wait for a state.
 */
export class MemoryMailboxSink implements MailboxSink {
  readonly folderByPath = new Map<string, MailFolder>();
  readonly messagesByPath = new Map<string, Map<string, IncomingMailMessage>>();
  readonly calls: Array<SinkCall & { at: number }> = [];
  private listeners = new Set<() => void>();
  private seq = 0;

  constructor(readonly accountId = 'acc-1') {}

  /** The messages of a folder by path, in UID order. */
  list(path: string): IncomingMailMessage[] {
    return [...(this.messagesByPath.get(path)?.values() ?? [])].sort((a, b) => Number(a.remoteId) - Number(b.remoteId));
  }

  bySubject(path: string, subject: string): IncomingMailMessage | undefined {
    return this.list(path).find((m) => m.subject === subject);
  }

  callsOf<K extends SinkCall['kind']>(kind: K): Array<Extract<SinkCall, { kind: K }> & { at: number }> {
    return this.calls.filter((c) => c.kind === kind) as Array<Extract<SinkCall, { kind: K }> & { at: number }>;
  }

  /** Resolves once `check` holds (checked after every call), rejects after `ms`. */
  waitFor(check: () => boolean, ms = 5_000, what = 'the sink state'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!check()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; calls: ${JSON.stringify(this.calls.slice(-15), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  private record(call: SinkCall): void {
    this.calls.push({ ...call, at: Date.now() });
    for (const l of [...this.listeners]) l();
  }

  async folders(listings: readonly FolderListing[]): Promise<MailFolder[]> {
    const seen = new Set(listings.map((l) => l.remoteId));
    for (const path of this.folderByPath.keys()) if (!seen.has(path)) {
      this.folderByPath.delete(path);
      this.messagesByPath.delete(path);
    }
    const now = new Date();
    return listings.map((l) => {
      const before = this.folderByPath.get(l.remoteId);
      const folder: MailFolder = before
        ? { ...before, ...l, updatedAt: now }
        : { ...l, id: `f${++this.seq}`, accountId: this.accountId, unread: 0, total: 0, sync: NO_CURSOR, createdAt: now, updatedAt: now };
      this.folderByPath.set(l.remoteId, folder);
      return folder;
    });
  }

  async messages(folder: MailFolder, messages: readonly IncomingMailMessage[], opts: { newMail: boolean }): Promise<void> {
    const box = this.messagesByPath.get(folder.remoteId) ?? new Map<string, IncomingMailMessage>();
    this.messagesByPath.set(folder.remoteId, box);
    for (const m of messages) box.set(m.remoteId, m);
    this.record({ kind: 'messages', folder: folder.remoteId, remoteIds: messages.map((m) => m.remoteId), newMail: opts.newMail });
  }

  async flags(folder: MailFolder, changes: readonly KnownMessage[]): Promise<void> {
    const box = this.messagesByPath.get(folder.remoteId);
    for (const c of changes) {
      const m = box?.get(c.remoteId);
      if (m) box!.set(c.remoteId, { ...m, unread: c.unread, flagged: c.flagged });
    }
    this.record({ kind: 'flags', folder: folder.remoteId, changes: [...changes] });
  }

  async removed(folder: MailFolder, remoteIds: readonly string[]): Promise<void> {
    for (const id of remoteIds) this.messagesByPath.get(folder.remoteId)?.delete(id);
    this.record({ kind: 'removed', folder: folder.remoteId, remoteIds: [...remoteIds] });
  }

  async reset(folder: MailFolder): Promise<void> {
    this.messagesByPath.delete(folder.remoteId);
    const stored = this.folderByPath.get(folder.remoteId);
    if (stored) this.folderByPath.set(folder.remoteId, { ...stored, sync: NO_CURSOR });
    this.record({ kind: 'reset', folder: folder.remoteId });
  }

  async cursor(folder: MailFolder, cursor: FolderSyncCursor): Promise<MailFolder> {
    const updated = { ...(this.folderByPath.get(folder.remoteId) ?? folder), sync: cursor, updatedAt: new Date() };
    this.folderByPath.set(folder.remoteId, updated);
    return updated;
  }

  async known(folder: MailFolder, limit?: number): Promise<KnownMessage[]> {
    const all = this.list(folder.remoteId).reverse().map((m) => ({ remoteId: m.remoteId, unread: m.unread, flagged: m.flagged }));
    return limit === undefined ? all : all.slice(0, limit);
  }

  async progress(done: number, total: number): Promise<void> {
    this.record({ kind: 'progress', done, total });
  }

  async synced(): Promise<void> {
    this.record({ kind: 'synced' });
  }

  async reconnecting(problem: Problem | null): Promise<void> {
    this.record({ kind: 'reconnecting', problem });
  }
}
