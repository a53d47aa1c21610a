import type { Store } from '../ports.js';

/**
 * Reading off: what Mailbridge kept of the mailbox goes — folders, with them their messages and
 * cached bodies (ON DELETE CASCADE), and the keys of the mail announced — and its state reads
 * `off`. Idempotent: the sync runs it again once it has stopped, so that a pass that was writing
 * when reading was turned off leaves nothing behind.
 */
export async function purgeMailbox(store: Store, accountId: string, at: Date): Promise<void> {
  await store.mailboxState.update(accountId, { reading: false, status: 'off', done: 0, total: 0, lastSyncAt: null, lastError: null, cursor: null }, at);
  await store.mailboxFolders.deleteMissing(accountId, []);
  await store.mailboxReceived.forget(accountId);
}
