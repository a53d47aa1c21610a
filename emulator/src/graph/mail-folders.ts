import { randomToken } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { Mailbox, StoredMessage, User, UserFolder } from '../state/types.js';
import { folderId } from './message-ids.js';

/** A folder of a mailbox: a default folder's key (`inbox`, `sentItems`…) or a user folder's id. */
export type FolderKey = string;
type DefaultKey = Exclude<keyof Mailbox, 'folders'>;

/**
 * Exchange's default mail folders: Graph's well-known name (graph/api/resources/mailfolder) and
 * the display name Outlook gives it in the mailbox's language. The well-known name works in any
 * language; the display name follows the mailbox's (UserFlags.mailboxLocale).
 */
const DEFAULTS: ReadonlyArray<{ key: DefaultKey; wellKnown: string; names: Readonly<Record<string, string>> }> = [
  { key: 'inbox', wellKnown: 'inbox', names: { en: 'Inbox', es: 'Bandeja de entrada', de: 'Posteingang', fr: 'Boîte de réception' } },
  { key: 'drafts', wellKnown: 'drafts', names: { en: 'Drafts', es: 'Borradores', de: 'Entwürfe', fr: 'Brouillons' } },
  { key: 'sentItems', wellKnown: 'sentitems', names: { en: 'Sent Items', es: 'Elementos enviados', de: 'Gesendete Elemente', fr: 'Éléments envoyés' } },
  { key: 'deletedItems', wellKnown: 'deleteditems', names: { en: 'Deleted Items', es: 'Elementos eliminados', de: 'Gelöschte Elemente', fr: 'Éléments supprimés' } },
  { key: 'junkEmail', wellKnown: 'junkemail', names: { en: 'Junk Email', es: 'Correo no deseado', de: 'Junk-E-Mail', fr: 'Courrier indésirable' } },
  { key: 'archive', wellKnown: 'archive', names: { en: 'Archive', es: 'Archivo', de: 'Archiv', fr: 'Archive' } },
];
const DEFAULT_KEYS: readonly string[] = DEFAULTS.map((d) => d.key);

/** The well-known name of the mailbox's root, whose children are the top-level folders. */
export const ROOT = 'msgfolderroot';

const isDefault = (key: FolderKey): key is DefaultKey => DEFAULT_KEYS.includes(key);

/** The folder's Graph id: stable per mailbox for default folders (and the root), the user folder's own id otherwise. */
export function folderIdOf(user: User, key: FolderKey): string {
  return isDefault(key) || key === ROOT ? folderId(user, key) : key;
}

/**
 * The folder a URL segment or `destinationId` names: a well-known name (any case), a default
 * folder's id or a user folder's id; ROOT for `msgfolderroot` or the root's id.
 */
export function folderBySegment(ctx: EmulatorContext, user: User, segment: string): FolderKey | undefined {
  const lower = segment.toLowerCase();
  const known = DEFAULTS.find((d) => d.wellKnown === lower);
  if (known) return known.key;
  if (lower === ROOT || segment === folderId(user, ROOT)) return ROOT;
  const byId = DEFAULTS.find((d) => folderId(user, d.key) === segment);
  if (byId) return byId.key;
  return ctx.store.mailbox(user.id).folders.find((f) => f.id === segment)?.id;
}

/** Every folder of the mailbox that holds messages: the default ones, then the user's. */
export function folderKeys(box: Mailbox): FolderKey[] {
  return [...DEFAULT_KEYS, ...box.folders.map((f) => f.id)];
}

/** The messages of a folder (the live list: push and splice count as mail changes). */
export function folderMessages(box: Mailbox, key: FolderKey): StoredMessage[] {
  if (isDefault(key)) return box[key];
  const folder = box.folders.find((f) => f.id === key);
  if (!folder) throw new Error(`no folder ${key}`);
  return folder.messages;
}

/** The folder's display name, in the mailbox's language for the default folders. */
export function folderName(user: User, box: Mailbox, key: FolderKey): string {
  const d = DEFAULTS.find((x) => x.key === key);
  if (!d) return box.folders.find((f) => f.id === key)?.displayName ?? '';
  const lang = (user.mailboxLocale ?? 'en').slice(0, 2).toLowerCase();
  return d.names[lang] ?? d.names.en ?? d.key;
}

/** The parent folder's id: the root's for the default folders. */
export function parentIdOf(user: User, box: Mailbox, key: FolderKey): string {
  return box.folders.find((f) => f.id === key)?.parentFolderId ?? folderId(user, ROOT);
}

/** The folders directly under `parent` (ROOT for the top level). */
export function childKeys(user: User, box: Mailbox, parent: FolderKey): FolderKey[] {
  const parentId = folderIdOf(user, parent);
  const users = box.folders.filter((f) => f.parentFolderId === parentId).map((f) => f.id);
  return parent === ROOT ? [...DEFAULT_KEYS, ...users] : users;
}

/** Makes a folder under `parent` (a folder key or ROOT); Exchange refuses a second child of the same name. */
export function createFolder(ctx: EmulatorContext, user: User, parent: FolderKey, displayName: string): UserFolder | undefined {
  const box = ctx.store.mailbox(user.id);
  const siblings = childKeys(user, box, parent);
  if (siblings.some((k) => folderName(user, box, k).toLowerCase() === displayName.toLowerCase())) return undefined;
  const folder: UserFolder = { id: folderId(user, `user:${randomToken(16)}`), displayName, parentFolderId: folderIdOf(user, parent), messages: [] };
  box.folders.push(ctx.store.trackedFolder(folder));
  return box.folders[box.folders.length - 1];
}
