import type { MailboxSyncStatus } from '@mailbridge/contract';
import type { Problem } from '../domain.js';

/** An account's mailbox reading: whether it is on, how the sync is doing, and where it stands. */
export interface MailboxSyncState {
  accountId: string;
  reading: boolean;
  status: MailboxSyncStatus;
  /** The first sync's progress, in messages. */
  done: number;
  total: number;
  lastSyncAt: Date | null;
  /** Why the sync stopped or retries (read_permission_missing, imap_disabled, …); null when well. */
  lastError: Problem | null;
  /**
   * The sync engine's own per-account position, opaque here (for instance Graph's
   * `mailFolders/delta` link); per-folder positions are the folders' (FolderSyncCursor).
   */
  cursor: string | null;
  updatedAt: Date;
}

/** What an account without a stored state reads as: reading off. */
export const mailboxOff = (accountId: string, at: Date): MailboxSyncState => ({
  accountId,
  reading: false,
  status: 'off',
  done: 0,
  total: 0,
  lastSyncAt: null,
  lastError: null,
  cursor: null,
  updatedAt: at,
});
