import type { Actor, MailAccount } from '../domain.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import { loadAccount } from '../accounts/load-account.js';
import type { MailFolder } from './mail-folder.js';
import type { MailMessage } from './mail-message.js';

/**
 * The account behind …/mailbox/… calls other than GET/PUT …/mailbox: the caller's (another
 * user's answers 404, like every account route), with reading on (409 otherwise: nothing is
 * stored of a mailbox that is not read).
 */
export async function loadReadingAccount(deps: Pick<Deps, 'store'>, actor: Actor, accountId: string): Promise<MailAccount> {
  const account = await loadAccount(deps.store, actor, accountId);
  const state = await deps.store.mailboxState.get(account.id);
  if (!state?.reading) {
    throw new ConflictError('Reading is off for this mailbox: turn it on first (PUT /accounts/{id}/mailbox {"reading": true})', {
      details: [{ path: 'reading', message: 'is off for this mailbox' }],
    });
  }
  return account;
}

export interface LoadedMessage {
  account: MailAccount;
  message: MailMessage;
  folder: MailFolder;
}

/** A message of a reading account, with its folder; 404 when it is not that account's. */
export async function loadMailMessage(deps: Pick<Deps, 'store'>, actor: Actor, accountId: string, messageId: string): Promise<LoadedMessage> {
  const account = await loadReadingAccount(deps, actor, accountId);
  const message = await deps.store.mailboxMessages.get({ id: messageId });
  if (!message || message.accountId !== account.id) throw new NotFoundError('Message');
  const folder = await deps.store.mailboxFolders.get(account.id, message.folderId);
  if (!folder) throw new NotFoundError('Message');
  return { account, message, folder };
}
