import type { EmulatorContext } from '../state/context.js';
import type { Mailbox, StoredMessage, User } from '../state/types.js';
import { folderId } from './message-ids.js';

export type FolderKey = keyof Mailbox;

/** Well-known folder names Graph accepts in place of a folder id (lower-cased) → the mailbox's folder. */
const WELL_KNOWN: Readonly<Record<string, FolderKey>> = { inbox: 'inbox', sentitems: 'sentItems', drafts: 'drafts' };
const FOLDER_KEYS: readonly FolderKey[] = ['inbox', 'sentItems', 'drafts'];

/** The folder a URL segment names: a well-known name (any case) or the folder's id. */
export function folderBySegment(user: User, segment: string): FolderKey | undefined {
  const known = WELL_KNOWN[segment.toLowerCase()];
  if (known) return known;
  return FOLDER_KEYS.find((f) => folderId(user, f) === segment);
}

/** Whether Graph shows the item yet (a just-sent message appears in Sent Items after the lag). */
export function isVisible(ctx: EmulatorContext, item: StoredMessage): boolean {
  return item.visibleAt === undefined || item.visibleAt <= ctx.clock.now();
}

export interface FoundItem {
  folder: FolderKey;
  item: StoredMessage;
}

/** The visible item with this regular or immutable id, in any folder of the user's mailbox. */
export function findItem(ctx: EmulatorContext, user: User, id: string): FoundItem | undefined {
  const box = ctx.store.mailbox(user.id);
  for (const folder of FOLDER_KEYS) {
    const item = box[folder].find((m) => (m.id === id || m.immutableId === id) && isVisible(ctx, m));
    if (item) return { folder, item };
  }
  return undefined;
}

/** Visible items of one folder, or of the whole mailbox when `folder` is undefined. */
export function listItems(ctx: EmulatorContext, user: User, folder: FolderKey | undefined): FoundItem[] {
  const box = ctx.store.mailbox(user.id);
  return (folder ? [folder] : FOLDER_KEYS).flatMap((f) => box[f].filter((m) => isVisible(ctx, m)).map((item) => ({ folder: f, item })));
}

export function removeItem(ctx: EmulatorContext, user: User, found: FoundItem): void {
  const list = ctx.store.mailbox(user.id)[found.folder];
  const i = list.indexOf(found.item);
  if (i >= 0) list.splice(i, 1);
}

/**
 * The message as Graph shows it: the id in the form the request asked for, its folder, and no
 * attachments (Graph lists those only with $expand).
 */
export function renderMessage(user: User, found: FoundItem, immutable: boolean): Record<string, unknown> {
  const { attachments: _attachments, ...message } = found.item.message;
  return {
    '@odata.etag': `W/"CQAAABYAAAA${found.item.id.slice(-12)}"`,
    ...message,
    id: immutable ? (found.item.immutableId ?? found.item.id) : found.item.id,
    internetMessageId: found.item.internetMessageId,
    parentFolderId: folderId(user, found.folder),
    isDraft: found.folder === 'drafts',
  };
}
