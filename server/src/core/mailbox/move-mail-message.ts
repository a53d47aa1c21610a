import type { Deps } from '../deps.js';
import type { MailFolder } from './mail-folder.js';
import type { LoadedMessage } from './mailbox-access.js';
import { mailboxCredentials } from './mailbox-credentials.js';
import { refreshFolderCounts } from './folder-counts.js';

/**
 * Moves a message in the mailbox, then in the store under the new remote id the server gave
 * (UIDPLUS COPYUID, Graph's answer), keeping its Mailbridge id. A server that gives none (IMAP
 * without UIDPLUS) leaves the store unable to name it: it is dropped from the store, and the next
 * sync of the target folder stores it there afresh. Whether the message is still stored.
 */
export async function moveMailMessage(deps: Deps, { account, message, folder }: LoadedMessage, target: MailFolder): Promise<boolean> {
  const credentials = await mailboxCredentials(deps, account);
  const remoteId = await deps.reading.readers[account.sendingMethod].move(credentials, folder, message.remoteId, target);
  const now = deps.clock.now();
  const kept = remoteId === null ? false : await deps.store.mailboxMessages.move(message.id, target.id, remoteId, now);
  if (remoteId === null) await deps.store.mailboxMessages.deleteByRemoteIds(folder.id, [message.remoteId]);
  await refreshFolderCounts(deps, account.id, [folder.id, target.id]);
  return kept;
}
