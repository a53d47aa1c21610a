import { attachmentContent, attachmentEntries, attachmentInfos } from '../graph/attachment-items.js';
import { expireSessions } from '../graph/upload-sessions.js';
import { withoutAttachmentBytes } from '../state/snapshot-mail.js';
import type { AttachmentInfo, Mailbox, StoredMessage, User } from '../state/types.js';
import { TrafficControl } from './traffic-control.js';

const SEARCH_ORDER: ReadonlyArray<keyof Mailbox> = ['sentItems', 'inbox', 'drafts'];

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
  mailbox(email: string): { inbox: StoredMessage[]; sentItems: StoredMessage[]; drafts: StoredMessage[] } {
    const box = this.ctx.store.mailbox(this.user(email).id);
    const copy = (list: StoredMessage[]) => structuredClone(Array.from(list, withoutAttachmentBytes));
    return { inbox: copy(box.inbox), sentItems: copy(box.sentItems), drafts: copy(box.drafts) };
  }

  /** The mailbox's message with this Message-ID: in Sent Items, else the Inbox, else Drafts. */
  private message(email: string, internetMessageId: string): StoredMessage {
    const box = this.ctx.store.mailbox(this.user(email).id);
    for (const folder of SEARCH_ORDER) {
      const found = box[folder].find((m) => m.internetMessageId === internetMessageId);
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

  /** Expires the open upload sessions of one mailbox (or of all) now: their URLs answer 404 "expired". */
  expireUploadSessions(email?: string): void {
    expireSessions(this.ctx, email === undefined ? undefined : this.user(email).id);
  }
}
