import type { Deps } from '../deps.js';
import { CONSUMER_TENANT_ID, type MailAccount } from '../domain.js';
import { NotLinkedError } from '../errors.js';
import { requireAppFor } from '../apps/resolve-app.js';
import type { MailboxCredentials } from './mailbox-reader.js';

/**
 * How a reader signs in to a linked account's mailbox: the token of the resource the account's
 * method reads through (Exchange Online's for IMAP, Graph's for Graph), refreshed under the
 * account's lease like every other token (AccessTokens).
 */
export async function mailboxCredentials(deps: Deps, account: MailAccount): Promise<MailboxCredentials> {
  if (!account.linkedAddress) throw new NotLinkedError('The mailbox is not linked yet');
  const app = await requireAppFor(deps.store, account);
  const resource = deps.outbox.methods[account.sendingMethod].resource;
  return {
    accountId: account.id,
    user: account.linkedAddress,
    cloud: app.cloud,
    personal: account.msTenantId === CONSUMER_TENANT_ID,
    token: (rejected) => deps.tokens.get(deps, account, app, resource, rejected),
  };
}

