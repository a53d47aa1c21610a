import type { MailAccount, SendingMethod, TokenResource } from '../domain.js';
import { AppProblemError, MailbridgeError, ReconnectNeededError } from '../errors.js';
import type { Deps } from '../deps.js';
import { findAppFor } from '../apps/resolve-app.js';
import { grants, methodScopes } from '../link-scopes.js';
import { markReconnectNeeded } from './account-transitions.js';
import { isMethodProblem } from '../diagnosis/outcomes.js';

/**
 * Changes a linked account's sending method. When the grant already covers the new method (a
 * token for each resource it needs, with the permissions it needs: Microsoft answers a refresh
 * with every permission consented for the resource, so admin consent counts), the switch is
 * immediate and the account's held messages go. Otherwise the account needs linking again,
 * says why, and its messages wait for it (issue 10: a relink only when new permissions are needed).
 */
export async function switchSendingMethod(deps: Deps, account: MailAccount, method: SendingMethod): Promise<void> {
  const now = deps.clock.now();
  if (account.status !== 'linked') {
    await deps.store.accounts.update(account.id, { sendingMethod: method, updatedAt: now });
    return;
  }
  // Asked before anything changes: Microsoft being unreachable fails the request, nothing else.
  const covered = await grantCovers(deps, { ...account, sendingMethod: method });
  await deps.store.accounts.update(account.id, { sendingMethod: method, updatedAt: now });
  if (!covered) {
    const problem = new MailbridgeError('reconnect_needed', `Sending through ${method === 'graph' ? 'Microsoft Graph' : 'SMTP'} needs permissions this mailbox has not granted yet: link it again`, {
      diagnosis: 'method_permission_missing',
    }).toProblem(now);
    await markReconnectNeeded(deps, account.id, problem);
    return;
  }
  await deps.store.transaction(async (tx) => {
    if (account.lastError && isMethodProblem(account.lastError.diagnosis)) await tx.accounts.update(account.id, { lastError: null, updatedAt: now });
    await tx.outbox.release(account.id, now);
  });
  deps.outbox.wake();
}

/** Asks Microsoft for each resource the method needs, with its permissions; false if refused. */
async function grantCovers(deps: Deps, account: MailAccount): Promise<boolean> {
  const { app } = await findAppFor(deps.store, account);
  if (!app) return false;
  const needs = Object.entries(methodScopes[account.sendingMethod].needs(account)) as Array<[TokenResource, string[]]>;
  for (const [resource, perms] of needs) {
    try {
      await deps.tokens.get(deps, account, app, resource);
      // What the stored grant says may be older than an admin's consent: ask Microsoft again.
      if (!perms.every((p) => grants(deps.tokens.grantedScope(account.id, resource), p))) await deps.tokens.widen(deps, account, app, resource, perms);
    } catch (e) {
      // Refused (not consented, grant gone): a relink. Microsoft unreachable: the caller's error.
      if (e instanceof ReconnectNeededError || e instanceof AppProblemError) return false;
      throw e;
    }
    if (!perms.every((p) => grants(deps.tokens.grantedScope(account.id, resource), p))) return false;
  }
  return true;
}
