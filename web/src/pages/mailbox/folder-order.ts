import type { MessageKey } from '../../i18n/messages.js';
import type { FolderRole, MailFolder } from './mailbox-api.js';

/** Role folders first, in the order mail clients show them; the user's own folders after, by path. */
const ROLE_ORDER: readonly FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];

export const ROLE_NAME: Record<FolderRole, MessageKey> = {
  inbox: 'mailbox.role.inbox',
  sent: 'mailbox.role.sent',
  drafts: 'mailbox.role.drafts',
  trash: 'mailbox.role.trash',
  junk: 'mailbox.role.junk',
  archive: 'mailbox.role.archive',
};

const rank = (f: MailFolder) => (f.role ? ROLE_ORDER.indexOf(f.role) : ROLE_ORDER.length);

export function sortFolders(folders: readonly MailFolder[]): MailFolder[] {
  return [...folders].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}

/** A role folder by its name in the page's language (the mailbox's own name may be in another); others as named. */
export function folderName(t: (key: MessageKey) => string, folder: MailFolder): string {
  return folder.role ? t(ROLE_NAME[folder.role]) : folder.path || folder.name;
}

/** The folder with this id by its name as the sidebar shows it; empty when the folders don't name it (not read yet). */
export function folderNameById(t: (key: MessageKey) => string, folders: readonly MailFolder[], id: string): string {
  const folder = folders.find((f) => f.id === id);
  return folder ? folderName(t, folder) : '';
}
