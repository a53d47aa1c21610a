import type { Deps } from '../deps.js';
import type { MailAccount, SendingMethod } from '../domain.js';
import { ProviderRejectedError } from '../errors.js';
import { grants, MAIL_READ_WRITE } from '../link-scopes.js';

/**
 * The delegated permission reading needs, by sending method: Exchange Online's IMAP permission
 * for SMTP + IMAP accounts (learn.microsoft.com exchange/client-developer/legacy-protocols/
 * how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth), Graph's Mail.ReadWrite for
 * Graph accounts (reading, flags and moves: learn.microsoft.com graph/api/message-update).
 */
export const READ_PERMISSION: Record<SendingMethod, string> = {
  smtp_imap: 'IMAP.AccessAsUser.All',
  graph: MAIL_READ_WRITE,
  // Service mailboxes are not read (issue 12 sends only): no delegated grant ever holds it.
  graph_app: MAIL_READ_WRITE,
};

/** Whether Microsoft's `scope` answer grants the method's read permission. */
export const grantsRead = (method: SendingMethod, granted: string | null): boolean => grants(granted, READ_PERMISSION[method]);

/**
 * `read_permission_missing` when the grant stored for the method's resource lacks its read
 * permission (what turning reading on and every sync check); null when it has it.
 */
export async function missingReadPermission(deps: Pick<Deps, 'store' | 'outbox'>, account: MailAccount): Promise<ProviderRejectedError | null> {
  const resource = deps.outbox.methods[account.sendingMethod].resource;
  const granted = (await deps.store.tokens.scopes(account.id))[resource] ?? null;
  if (grantsRead(account.sendingMethod, granted)) return null;
  const permission = READ_PERMISSION[account.sendingMethod];
  return new ProviderRejectedError(`Reading this mailbox needs ${permission}, which its grant does not include: add it to the app registration, then link the mailbox again`, {
    diagnosis: 'read_permission_missing',
    params: { permission },
  });
}
