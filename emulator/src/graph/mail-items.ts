import type { EmulatorContext } from '../state/context.js';
import type { StoredMessage, User } from '../state/types.js';
import { folderIdOf, folderKeys, folderMessages, type FolderKey } from './mail-folders.js';
import { bodyPreview, changeKeyOf, conversationIdOf, isReadOf } from './message-view.js';

export type { FolderKey } from './mail-folders.js';

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
  for (const folder of folderKeys(box)) {
    const item = folderMessages(box, folder).find((m) => (m.id === id || m.immutableId === id) && isVisible(ctx, m));
    if (item) return { folder, item };
  }
  return undefined;
}

/** Visible items of one folder, or of the whole mailbox when `folder` is undefined. */
export function listItems(ctx: EmulatorContext, user: User, folder: FolderKey | undefined): FoundItem[] {
  const box = ctx.store.mailbox(user.id);
  return (folder ? [folder] : folderKeys(box)).flatMap((f) => folderMessages(box, f).filter((m) => isVisible(ctx, m)).map((item) => ({ folder: f, item })));
}

export function removeItem(ctx: EmulatorContext, user: User, found: FoundItem): void {
  const list = folderMessages(ctx.store.mailbox(user.id), found.folder);
  const i = list.indexOf(found.item);
  if (i >= 0) list.splice(i, 1);
}

/** The id a client sees: the immutable one when it asked for immutable ids. */
export function visibleId(item: StoredMessage, immutable: boolean): string {
  return immutable ? (item.immutableId ?? item.id) : item.id;
}

/**
 * The message as Graph shows it: the id in the form the request asked for, its folder, the
 * properties Exchange computes (read state, flag, thread, preview, changeKey), and no
 * attachments (Graph lists those only with $expand).
 */
export function renderMessage(user: User, found: FoundItem, immutable: boolean): Record<string, unknown> {
  const { item } = found;
  const { attachments, ...message } = item.message;
  const changeKey = changeKeyOf(item);
  return {
    '@odata.etag': `W/"${changeKey}"`,
    createdDateTime: item.receivedDateTime,
    lastModifiedDateTime: item.receivedDateTime,
    categories: [],
    importance: 'normal',
    inferenceClassification: 'focused',
    flag: { flagStatus: 'notFlagged' },
    ...message,
    id: visibleId(item, immutable),
    changeKey,
    internetMessageId: item.internetMessageId,
    parentFolderId: folderIdOf(user, found.folder),
    conversationId: conversationIdOf(user, item),
    bodyPreview: bodyPreview(item.message),
    isRead: isReadOf(user, item),
    hasAttachments: Array.isArray(attachments) && attachments.length > 0,
    isDraft: message.isDraft === true,
  };
}
