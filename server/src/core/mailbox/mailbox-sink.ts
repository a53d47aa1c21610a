import type { Deps } from '../deps.js';
import type { Problem } from '../domain.js';
import { ConflictError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { refreshFolderCounts } from './folder-counts.js';
import type { MailFolder } from './mail-folder.js';
import type { MailboxSink } from './mailbox-reader.js';
import { receivedEvent, receivedKey } from './received-event.js';

/**
 * Where a reader's sync lands: Mailbridge's own tables. New inbox mail is stored and its
 * `message.received` raised in one transaction, claimed by its key (received-event.ts), so a sync
 * that runs twice (after a crash, a takeover by another instance, a reconnect) raises it once.
 */
export function mailboxSink(deps: Deps, accountId: string): MailboxSink {
  const { store, clock } = deps;
  const now = () => clock.now();

  /**
   * Reading turned off deletes what was stored (set-reading.ts) and stops the sync at the worker's
   * next look; a pass still running must not write it back meanwhile.
   */
  async function stillReading(): Promise<void> {
    if (!(await store.mailboxState.get(accountId))?.reading) throw new ConflictError('Reading was turned off for this mailbox');
  }

  return {
    async folders(listings) {
      await stillReading();
      // A mailbox always has its inbox: an empty listing is a server's hiccup, not every folder gone.
      if (listings.length === 0) return store.mailboxFolders.list(accountId);
      const at = now();
      const stored = await store.mailboxFolders.upsert(accountId, listings, at);
      await store.mailboxFolders.deleteMissing(accountId, listings.map((l) => l.remoteId));
      return stored;
    },

    async messages(folder, messages, { newMail }) {
      if (messages.length === 0) return;
      await stillReading();
      const at = now();
      const raise = newMail && folder.role === 'inbox';
      await store.transaction(async (tx) => {
        const written = await tx.mailboxMessages.upsert(accountId, folder.id, messages, at);
        if (!raise) return;
        const byRemote = new Map(messages.map((m) => [m.remoteId, m]));
        for (const w of written) {
          if (!w.created) continue;
          const m = byRemote.get(w.remoteId)!;
          if (await tx.mailboxReceived.claim(accountId, receivedKey(folder, m), at)) await recordEvent(tx, receivedEvent(accountId, folder, w.id, m, at));
        }
      });
      if (raise) deps.webhooks.wake();
    },

    async flags(folder, changes) {
      const at = now();
      for (const c of changes) await store.mailboxMessages.setFlags({ folderId: folder.id, remoteId: c.remoteId }, { unread: c.unread, flagged: c.flagged }, at);
      if (changes.length) await refreshFolderCounts(deps, accountId, [folder.id]);
    },

    async removed(folder, remoteIds) {
      if (remoteIds.length === 0) return;
      await store.mailboxMessages.deleteByRemoteIds(folder.id, remoteIds);
      await refreshFolderCounts(deps, accountId, [folder.id]);
    },

    async reset(folder) {
      await store.mailboxMessages.deleteInFolder(folder.id);
      await store.mailboxFolders.setSyncCursor(folder.id, { uidValidity: null, uidNext: null, highestModseq: null, deltaLink: null }, now());
    },

    async cursor(folder, cursor): Promise<MailFolder> {
      const at = now();
      await store.mailboxFolders.setSyncCursor(folder.id, cursor, at);
      await refreshFolderCounts(deps, accountId, [folder.id]);
      return { ...folder, sync: cursor, updatedAt: at };
    },

    async known(folder, limit) {
      const rows = await store.mailboxMessages.listRemote(folder.id, limit);
      return rows.map((r) => ({ remoteId: r.remoteId, unread: r.unread, flagged: r.flagged }));
    },

    async progress(done, total) {
      const state = await store.mailboxState.get(accountId);
      // Progress is the first sync's: once synced, a later pass shows as synced.
      if (state?.lastSyncAt) return;
      await store.mailboxState.update(accountId, { status: 'initial_sync', done, total }, now());
    },

    async synced() {
      const state = await store.mailboxState.get(accountId);
      const at = now();
      await store.mailboxState.update(accountId, { status: 'synced', lastSyncAt: at, lastError: null, done: Math.max(state?.done ?? 0, state?.total ?? 0) }, at);
    },

    async reconnecting(problem: Problem | null) {
      await store.mailboxState.update(accountId, { status: 'reconnecting', ...(problem ? { lastError: problem } : {}) }, now());
    },
  };
}
