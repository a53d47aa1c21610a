import type { Actor, MailAccount } from '../domain.js';
import { NotLinkedError } from '../errors.js';
import type { Deps } from '../deps.js';
import { loadAccount } from '../accounts/load-account.js';
import { findAppFor } from '../apps/resolve-app.js';
import { SendSizeGuard } from '../attachments/send-size.js';
import { mailboxLimits } from './mailbox-limits.js';
import { deliveryGuarantee } from './delivery-guarantee.js';

export interface PreparedSend {
  account: MailAccount;
  /** The size limits of a message whose bodies, recipients and headers weigh `bodyBytes`. */
  sizeGuard(bodyBytes: number): SendSizeGuard;
}

/**
 * What a send needs to know before it reads any file: the account (the caller's, linked) and its
 * size limits, so a message that cannot go is refused before anything is stored.
 */
export async function prepareSend(deps: Deps, actor: Actor, accountId: string): Promise<PreparedSend> {
  const account = await loadAccount(deps.store, actor, accountId);
  const method = deps.outbox.methods[account.sendingMethod];
  // A service mailbox (app-only) has nothing to link: it sends before its first success.
  if (account.status === 'not_linked' && !method.appOnly) throw new NotLinkedError('Link the mailbox before sending (POST /accounts/{id}/link)');
  const guarantee = await deliveryGuarantee(deps, account, (await findAppFor(deps.store, account)).app);
  const singleRequestBytes = guarantee === 'exactly_once' ? null : method.singleRequestBytes;
  const { maxMessageMB } = mailboxLimits(account);
  return { account, sizeGuard: (bodyBytes) => new SendSizeGuard({ maxMessageMB, singleRequestBytes, bodyBytes }) };
}
