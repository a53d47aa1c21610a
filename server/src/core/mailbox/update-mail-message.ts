import type { MailMessagePatch } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import type { MailFolder } from './mail-folder.js';
import type { MailFlags, MailMessage } from './mail-message.js';
import { findFolder } from './find-folder.js';
import { loadMailMessage } from './mailbox-access.js';
import { mailboxCredentials } from './mailbox-credentials.js';
import { moveMailMessage } from './move-mail-message.js';
import { refreshFolderCounts } from './folder-counts.js';

/**
 * PATCH …/mailbox/messages/{messageId}: flags first, then the move, each written to the mailbox
 * (IMAP STORE / MOVE, Graph's PATCH / move; Graph needs Mail.ReadWrite) before the store
 * reflects it, so the store never shows what the mailbox refused. Answers the message as stored.
 */
export async function updateMailMessage(deps: Deps, actor: Actor, accountId: string, messageId: string, patch: MailMessagePatch): Promise<MailMessage> {
  const loaded = await loadMailMessage(deps, actor, accountId, messageId);
  const { account, message, folder } = loaded;
  // Checked before anything is written: a bad folder changes nothing.
  let target: MailFolder | null = null;
  if (patch.folderId !== undefined) {
    const found = await findFolder(deps.store, account.id, patch.folderId);
    if (found.id !== folder.id) target = found;
  }
  const flags: Partial<MailFlags> = {
    ...(patch.unread !== undefined && patch.unread !== message.unread ? { unread: patch.unread } : {}),
    ...(patch.flagged !== undefined && patch.flagged !== message.flagged ? { flagged: patch.flagged } : {}),
  };
  if (Object.keys(flags).length > 0) {
    const credentials = await mailboxCredentials(deps, account);
    await deps.reading.readers[account.sendingMethod].setFlags(credentials, folder, message.remoteId, flags);
    await deps.store.mailboxMessages.setFlags({ id: message.id }, flags, deps.clock.now());
    await refreshFolderCounts(deps, account.id, [folder.id]);
  }
  const moved = { ...message, ...flags };
  if (target && !(await moveMailMessage(deps, loaded, target))) return { ...moved, folderId: target.id };
  return (await deps.store.mailboxMessages.get({ id: message.id })) ?? { ...moved, ...(target ? { folderId: target.id } : {}) };
}
