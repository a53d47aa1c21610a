import { imapFolderListings } from '../../../core/mailbox/imap-folder-listings.js';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { MailboxSink } from '../../../core/mailbox/mailbox-reader.js';
import { folderNames } from '../folder-names.js';
import type { ImapLink } from './imap-link.js';

/**
 * The folder list from a plain LIST (RFC 3501 §6.3.8), whose attributes carry special-use marks
 * even without the SPECIAL-USE capability (RFC 6154 §2; Exchange Online sends some:
 * docs/microsoft.md §3 "Folders over IMAP"), roles named by Exchange's localized names where no
 * mark is given; stored through the sink, which returns the folders with their cursors.
 * Unselectable folders (`\Noselect`, `\NonExistent`) are listed but never synced.
 */
export async function syncFolderList(link: ImapLink, sink: MailboxSink): Promise<{ folders: MailFolder[]; selectable: Set<string> }> {
  const entries = await link.list();
  const listings = imapFolderListings(entries.map((e) => ({ path: e.path, delimiter: e.delimiter, flags: e.flags })), folderNames);
  const folders = await sink.folders(listings);
  const selectable = new Set(entries.filter((e) => ![...e.flags].some((f) => /^\\(noselect|nonexistent)$/i.test(f))).map((e) => e.path));
  return { folders, selectable };
}

/** The inbox first, then the others as the server listed them (RFC 3501 §5.1: INBOX in any case). */
export function inboxFirst(folders: readonly MailFolder[]): MailFolder[] {
  const inbox = folders.filter((f) => f.role === 'inbox');
  return [...inbox, ...folders.filter((f) => f.role !== 'inbox')];
}
