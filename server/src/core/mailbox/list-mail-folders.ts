import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import type { MailFolder } from './mail-folder.js';
import { loadReadingAccount } from './mailbox-access.js';

/** GET …/mailbox/folders: the account's folders by path, with the counts the sync keeps. */
export async function listMailFolders(deps: Pick<Deps, 'store'>, actor: Actor, accountId: string): Promise<MailFolder[]> {
  const account = await loadReadingAccount(deps, actor, accountId);
  return deps.store.mailboxFolders.list(account.id);
}
