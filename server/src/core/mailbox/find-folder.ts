import { FolderRole } from '@mailbridge/contract';
import { MailbridgeError } from '../errors.js';
import type { Store } from '../ports.js';
import type { MailFolder } from './mail-folder.js';

/**
 * A folder of the account by Mailbridge's id, or by its role (`inbox`, `sent`, `drafts`, `trash`,
 * `junk`, `archive`), so a caller need not look the id up first (`?folder=inbox`). A 404 that
 * says where ids come from otherwise.
 */
export async function findFolder(store: Store, accountId: string, idOrRole: string): Promise<MailFolder> {
  const byId = await store.mailboxFolders.get(accountId, idOrRole);
  if (byId) return byId;
  const role = FolderRole.safeParse(idOrRole);
  const byRole = role.success ? (await store.mailboxFolders.list(accountId)).find((f) => f.role === role.data) : undefined;
  if (byRole) return byRole;
  throw new MailbridgeError('not_found', `No folder of this mailbox has the id or role "${idOrRole}": use an id from GET /accounts/{id}/mailbox/folders, or a role (${FolderRole.options.join(', ')})`);
}
