import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { ConflictError } from '../errors.js';
import type { MailMessage } from './mail-message.js';
import { loadMailMessage } from './mailbox-access.js';
import { moveMailMessage } from './move-mail-message.js';

/**
 * DELETE …/mailbox/messages/{messageId}: moves the message to the mailbox's trash (the folder
 * with role `trash`), as Outlook's Delete does; a message already there stays (deleting for good
 * is not offered). Answers the message in its new place. 409 when the mailbox has no trash.
 */
export async function deleteMailMessage(deps: Deps, actor: Actor, accountId: string, messageId: string): Promise<MailMessage> {
  const loaded = await loadMailMessage(deps, actor, accountId, messageId);
  if (loaded.folder.role === 'trash') return loaded.message;
  const trash = (await deps.store.mailboxFolders.list(loaded.account.id)).find((f) => f.role === 'trash');
  if (!trash) throw new ConflictError('This mailbox has no trash folder to move the message to');
  if (!(await moveMailMessage(deps, loaded, trash))) return { ...loaded.message, folderId: trash.id };
  return (await deps.store.mailboxMessages.get({ id: loaded.message.id })) ?? { ...loaded.message, folderId: trash.id };
}
