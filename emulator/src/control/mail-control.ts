import { attachmentContent, attachmentEntries, attachmentInfos } from '../graph/attachment-items.js';
import { expireSessions } from '../graph/upload-sessions.js';
import { withoutAttachmentBytes } from '../state/snapshot-mail.js';
import { invalidateDeltaTokens } from '../graph/delta-state.js';
import { renderFolder } from '../graph/mail-folders-route.js';
import { childKeys, createFolder, folderBySegment, folderKeys, folderMessages, ROOT, type FolderKey } from '../graph/mail-folders.js';
import { newImmutableId, newInternetMessageId, newRegularId } from '../graph/message-ids.js';
import { mimeToMessage } from '../graph/mime-message.js';
import { graphTime } from '../ids.js';
import type { AttachmentInfo, Mailbox, StoredMessage, User } from '../state/types.js';
import { TrafficControl } from './traffic-control.js';

/** A message put straight into a mailbox (putMessage): raw MIME or Graph JSON. */
export interface PutMessageInput {
  /** A well-known name ('inbox', 'archive'…), a folder id, or a user folder's display name. Default 'inbox'. */
  folder?: string;
  mime?: string;
  message?: Record<string, unknown>;
  isRead?: boolean;
  flagged?: boolean;
  /** ISO 8601; default now. */
  receivedDateTime?: string;
}

/** A folder as mailFolders() shows it: Graph's mailFolder properties. */
export interface MailFolderInfo {
  id: string;
  displayName: string;
  parentFolderId: string;
  childFolderCount: number;
  unreadItemCount: number;
  totalItemCount: number;
}

/**
 * Control methods about mailbox contents: what a mailbox holds, the attachments of a message
 * (with the SHA-256 of their bytes, and the bytes themselves in-process), and upload sessions.
 * EmulatorControl extends it; the HTTP routes are in mail-routes.ts.
 */
export class MailControl extends TrafficControl {
  protected user(email: string): User {
    const user = this.ctx.store.userByEmail(email);
    if (!user) throw new Error(`unknown user ${email}`);
    return user;
  }

  /** Everything in the mailbox (Sent Items lag or not); uploaded attachments appear by their metadata only. */
  mailbox(email: string): Mailbox {
    const box = this.ctx.store.mailbox(this.user(email).id);
    const copy = (list: StoredMessage[]) => structuredClone(Array.from(list, withoutAttachmentBytes));
    return {
      inbox: copy(box.inbox), sentItems: copy(box.sentItems), drafts: copy(box.drafts),
      deletedItems: copy(box.deletedItems), junkEmail: copy(box.junkEmail), archive: copy(box.archive),
      folders: box.folders.map((f) => ({ id: f.id, displayName: f.displayName, parentFolderId: f.parentFolderId, messages: copy(f.messages) })),
    };
  }

  /** The mailbox's message with this Message-ID: in Sent Items, else the Inbox, else Drafts, else the other folders. */
  protected message(email: string, internetMessageId: string): StoredMessage {
    const box = this.ctx.store.mailbox(this.user(email).id);
    const order = ['sentItems', 'inbox', 'drafts', ...folderKeys(box).filter((k) => !['sentItems', 'inbox', 'drafts'].includes(k))];
    for (const folder of order) {
      const found = folderMessages(box, folder).find((m) => m.internetMessageId === internetMessageId);
      if (found) return found;
    }
    throw new Error(`no message ${internetMessageId} in the mailbox of ${email}`);
  }

  /** The attachments of a message of this mailbox, with the SHA-256 (hex) of their bytes. */
  attachments(email: string, internetMessageId: string): AttachmentInfo[] {
    return attachmentInfos(this.message(email, internetMessageId));
  }

  /** The bytes of one attachment (by the id attachments() gives): in-process only. */
  attachmentContent(email: string, internetMessageId: string, attachmentId: string): Buffer {
    const stored = this.message(email, internetMessageId);
    const entry = attachmentEntries(stored.message).find((a) => a.id === attachmentId);
    const content = entry && attachmentContent(stored, entry);
    if (!content) throw new Error(`no bytes for attachment ${attachmentId} of ${internetMessageId}`);
    return content;
  }

  private folder(user: User, name: string): FolderKey {
    const box = this.ctx.store.mailbox(user.id);
    const key = folderBySegment(this.ctx, user, name) ?? box.folders.find((f) => f.displayName.toLowerCase() === name.toLowerCase())?.id;
    if (!key || key === ROOT) throw new Error(`no folder ${name} in the mailbox of ${user.email}`);
    return key;
  }

  /**
   * Puts a message straight into a folder, as if it had arrived there long ago: no delivery, no
   * accepted log. Returns its ids.
   */
  putMessage(email: string, input: PutMessageInput): { id: string; immutableId: string; internetMessageId: string } {
    const user = this.user(email);
    const key = this.folder(user, input.folder ?? 'inbox');
    if ((input.mime === undefined) === (input.message === undefined)) throw new Error('putMessage takes one of mime or message');
    const received = input.receivedDateTime ?? graphTime(this.ctx.clock.now());
    const given = input.mime !== undefined ? mimeToMessage(input.mime) : structuredClone(input.message ?? {});
    const internetMessageId = typeof given.internetMessageId === 'string' ? given.internetMessageId : newInternetMessageId(user);
    const id = newRegularId();
    const immutableId = newImmutableId();
    const message: Record<string, unknown> = {
      ...given, id, internetMessageId, receivedDateTime: received, sentDateTime: given.sentDateTime ?? received, isDraft: key === 'drafts',
      ...(input.isRead !== undefined ? { isRead: input.isRead } : {}), ...(input.flagged ? { flag: { flagStatus: 'flagged' } } : {}),
    };
    folderMessages(this.ctx.store.mailbox(user.id), key).push({
      id, immutableId, internetMessageId, receivedDateTime: received, sentDateTime: String(message.sentDateTime), message,
      ...(input.mime !== undefined ? { mime: input.mime } : {}),
    });
    return { id, immutableId, internetMessageId };
  }

  /** Every folder of the mailbox, the top level first, with Graph's counts. */
  mailFolders(email: string): MailFolderInfo[] {
    const user = this.user(email);
    const box = this.ctx.store.mailbox(user.id);
    const keys = [...childKeys(user, box, ROOT), ...folderKeys(box).filter((k) => !childKeys(user, box, ROOT).includes(k))];
    return keys.map((k) => {
      const { isHidden: _h, ...f } = renderFolder(this.ctx, user, k);
      return f as unknown as MailFolderInfo;
    });
  }

  /** Makes a folder under `parent` (a well-known name, folder id or display name; default the top level). */
  createMailFolder(email: string, input: { displayName: string; parent?: string }): MailFolderInfo {
    const user = this.user(email);
    const parent = input.parent === undefined ? ROOT : this.folder(user, input.parent);
    const folder = createFolder(this.ctx, user, parent, input.displayName);
    if (!folder) throw new Error(`a folder ${input.displayName} exists there`);
    return this.mailFolders(email).find((f) => f.id === folder.id) as MailFolderInfo;
  }

  /** The messages of one folder (by well-known name, id or display name), Sent Items lag or not. */
  messages(email: string, folder: string): StoredMessage[] {
    const user = this.user(email);
    return structuredClone(Array.from(folderMessages(this.ctx.store.mailbox(user.id), this.folder(user, folder)), withoutAttachmentBytes));
  }

  /** Forgets the delta tokens of one mailbox (or of all): their next use answers 410 SyncStateNotFound. */
  invalidateDeltaTokens(email?: string): void {
    invalidateDeltaTokens(this.ctx, email === undefined ? undefined : this.user(email).id);
  }

  /** Expires the open upload sessions of one mailbox (or of all) now: their URLs answer 404 "expired". */
  expireUploadSessions(email?: string): void {
    expireSessions(this.ctx, email === undefined ? undefined : this.user(email).id);
  }
}
