import type { FolderNameTable } from '../../core/mailbox/folder-roles.js';

/**
 * Exchange Online's default folders per mailbox language, in the order Sent Items, Drafts, Deleted
 * Items, Junk Email, Archive. Exchange names them in the mailbox's language (Set-MailboxRegionalConfiguration
 * -LocalizeDefaultFolderName), so English names alone would miss most mailboxes (docs/microsoft.md
 * §3 "Folders over IMAP"). Sources: the names Outlook on the web shows, cross-checked with
 * imapflow 2.1.2's name table (dist/esm/special-use.js); those it lacks, and the pt-PT row, are
 * **unconfirmed**.
 */
export const exchangeFolderNames: Readonly<Record<string, readonly [string, string, string, string, string]>> = {
  en: ['Sent Items', 'Drafts', 'Deleted Items', 'Junk Email', 'Archive'],
  es: ['Elementos enviados', 'Borradores', 'Elementos eliminados', 'Correo no deseado', 'Archivo'],
  fr: ['Éléments envoyés', 'Brouillons', 'Éléments supprimés', 'Courrier indésirable', 'Archive'],
  de: ['Gesendete Elemente', 'Entwürfe', 'Gelöschte Elemente', 'Junk-E-Mail', 'Archiv'],
  it: ['Posta inviata', 'Bozze', 'Posta eliminata', 'Posta indesiderata', 'Archivio'],
  'pt-BR': ['Itens Enviados', 'Rascunhos', 'Itens Excluídos', 'Lixo Eletrônico', 'Arquivo Morto'],
  'pt-PT': ['Itens Enviados', 'Rascunhos', 'Itens Eliminados', 'Lixo Eletrônico', 'Arquivo'],
  nl: ['Verzonden items', 'Concepten', 'Verwijderde items', 'Ongewenste e-mail', 'Archief'],
  vi: ['Các mục đã gửi', 'Thư nháp', 'Các mục đã xóa', 'Email rác', 'Lưu trữ'],
  ko: ['보낸 편지함', '임시 보관함', '지운 편지함', '정크 메일', '보관'],
  ja: ['送信済みアイテム', '下書き', '削除済みアイテム', '迷惑メール', 'アーカイブ'],
  'zh-Hans': ['已发送邮件', '草稿', '已删除邮件', '垃圾邮件', '存档'],
};

/** Names other servers and clients give the same folders (Dovecot, Gmail-like, Apple, older Outlook). */
const otherNames: FolderNameTable = {
  sent: ['Sent', 'Sent Messages', 'Sent Mail', 'Verzonden berichten', 'Thư đã gửi'],
  drafts: [],
  trash: ['Trash', 'Deleted Messages', 'Bin', 'Elementi eliminati', 'Mục đã xóa'],
  junk: ['Junk', 'Spam', 'Thư rác'],
  archive: ['보관함'],
};

const roles = ['sent', 'drafts', 'trash', 'junk', 'archive'] as const;

/**
 * The names that give a role when the IMAP server marks none: Exchange's first, so that a
 * mailbox with both `Sent Items` and a user's `Sent` keeps Exchange's (assignFolderRoles), then
 * the others. Compared after folderNameKey: case, NFKC, and `Junk E-mail` (older mailboxes) is
 * `Junk Email`.
 */
export const folderNames: FolderNameTable = Object.fromEntries(
  roles.map((role, i) => [role, [...new Set([...Object.values(exchangeFolderNames).map((row) => row[i]!), ...otherNames[role]])]]),
) as unknown as FolderNameTable;
