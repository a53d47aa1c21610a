import { NotFoundError } from '../../../core/errors.js';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { MailFlags } from '../../../core/mailbox/mail-message.js';
import type { ImapLink } from './imap-link.js';

/** A remote id of an IMAP message is its UID in decimal (RFC 3501 §2.3.1.1: a non-zero 32-bit number). */
function uidOf(remoteId: string): string {
  if (!/^[1-9]\d{0,9}$/.test(remoteId) || Number(remoteId) > 0xffffffff) throw new NotFoundError('The message');
  return remoteId;
}

/** The message's MIME as stored, through `BODY.PEEK[]` under EXAMINE: its flags stay as they are (RFC 3501 §6.4.5). */
export async function fetchMimeOp(link: ImapLink, folder: MailFolder, remoteId: string): Promise<Buffer> {
  const uid = uidOf(remoteId);
  await link.select(folder.remoteId, true);
  const message = await link.guard(() => link.client.fetchOne(uid, { uid: true, source: true }, { uid: true }));
  if (!message || !message.source) throw new NotFoundError('The message');
  return message.source;
}

/** `\Seen` (unread: false) and `\Flagged` added or removed by UID STORE (RFC 3501 §6.4.6). */
export async function setFlagsOp(link: ImapLink, folder: MailFolder, remoteId: string, flags: Partial<MailFlags>): Promise<void> {
  const uid = uidOf(remoteId);
  const add: string[] = [];
  const remove: string[] = [];
  if (flags.unread !== undefined) (flags.unread ? remove : add).push('\\Seen');
  if (flags.flagged !== undefined) (flags.flagged ? add : remove).push('\\Flagged');
  if (add.length === 0 && remove.length === 0) return;
  await link.select(folder.remoteId, false);
  if (add.length) await link.guard(() => link.client.messageFlagsAdd(uid, add, { uid: true }));
  if (remove.length) await link.guard(() => link.client.messageFlagsRemove(uid, remove, { uid: true }));
}

/**
 * UID MOVE (RFC 6851; imapflow falls back on COPY and EXPUNGE without it); the UID in the target
 * from the COPYUID answer (RFC 4315 §3, UIDPLUS, which Exchange offers), else null.
 */
export async function moveOp(link: ImapLink, folder: MailFolder, remoteId: string, target: MailFolder): Promise<string | null> {
  const uid = uidOf(remoteId);
  await link.select(folder.remoteId, false);
  const moved = await link.guard(() => link.client.messageMove(uid, target.remoteId, { uid: true }));
  const newUid = moved ? moved.uidMap?.get(Number(uid)) : undefined;
  return newUid !== undefined ? String(newUid) : null;
}
