import type { FolderRole } from '@mailbridge/contract';

/**
 * A folder of an account's mailbox as Mailbridge keeps it (issue 11). `id` is Mailbridge's own;
 * `remoteId` is the provider's: the IMAP path (mailbox name) or the Graph folder id.
 */
export interface MailFolder {
  id: string;
  accountId: string;
  remoteId: string;
  /** The parent's remote id; null at the top. */
  parentRemoteId: string | null;
  name: string;
  /** Names from the top joined by `/`. */
  path: string;
  role: FolderRole | null;
  unread: number;
  total: number;
  sync: FolderSyncCursor;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Where the folder's last sync ended. IMAP: UIDVALIDITY, UIDNEXT and, with CONDSTORE, the
 * HIGHESTMODSEQ (RFC 3501 §2.3.1.1, RFC 7162 §3.1.2; a 63-bit number, hence bigint). Graph: the
 * `@odata.deltaLink` of `messages/delta`. Null until the first sync has run.
 */
export interface FolderSyncCursor {
  uidValidity: number | null;
  uidNext: number | null;
  highestModseq: bigint | null;
  deltaLink: string | null;
}

/** What the sync learns of a folder from the provider; the counts and cursors are set apart. */
export type FolderListing = Pick<MailFolder, 'remoteId' | 'parentRemoteId' | 'name' | 'path' | 'role'>;
