import { isPersonalMicrosoftAddress, type AccountCreate, type AccountPatch } from '@mailbridge/contract';
import type { Actor, MailAccount } from '../domain.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../errors.js';

/**
 * A service mailbox (`graph_app`, issue 12): an administrator's, owned by the organisation (its
 * owner is null), using the organisation app's app-only settings (no app of its own), and never a
 * personal Microsoft account, which has no app-only access (docs/microsoft.md §7). Returns the
 * owner: null.
 */
export function checkServiceMailbox(actor: Actor, input: Pick<AccountCreate, 'email' | 'userId' | 'app'>): null {
  if (actor.role !== 'admin') throw new ForbiddenError('Only an administrator can create service mailboxes (sendingMethod graph_app)');
  if (input.userId !== undefined) {
    throw new InvalidInputError('A service mailbox belongs to the organisation, not to a user', { details: [{ path: 'userId', message: 'not allowed with sendingMethod graph_app' }] });
  }
  if (input.app !== undefined) {
    throw new InvalidInputError("A service mailbox sends with the organisation app's app-only settings (PUT /microsoft-app appOnly), not an app of its own", { details: [{ path: 'app', message: 'not allowed with sendingMethod graph_app' }] });
  }
  checkNotPersonal(input.email);
  return null;
}

/** Personal accounts (outlook.com, hotmail.*, live.*, msn.com …) cannot be sent from app-only. */
export function checkNotPersonal(email: string, path = 'email'): void {
  if (!isPersonalMicrosoftAddress(email)) return;
  throw new InvalidInputError(`${email} is a personal Microsoft account: only work or school mailboxes of your organisation can send with application permissions`, {
    diagnosis: 'personal_account_not_app_only',
    params: { address: email },
    details: [{ path, message: 'a personal Microsoft account cannot be a service mailbox' }],
  });
}

/**
 * PATCH /accounts/{id} on either side of the service-mailbox line: an account cannot move between
 * a user's grant and the organisation's app-only access (create the other kind instead), and a
 * service mailbox has no app of its own nor a personal address.
 */
export function checkServiceMailboxPatch(account: Pick<MailAccount, 'sendingMethod'>, patch: Pick<AccountPatch, 'sendingMethod' | 'app' | 'email'>): void {
  const service = account.sendingMethod === 'graph_app';
  if (patch.sendingMethod !== undefined && (patch.sendingMethod === 'graph_app') !== service) {
    throw new ConflictError(service ? 'A service mailbox sends with the organisation app only: create an account of another kind to link a mailbox' : 'A linked mailbox cannot become a service mailbox: an administrator creates one with sendingMethod graph_app', {
      details: [{ path: 'sendingMethod', message: service ? 'a service mailbox keeps graph_app' : 'graph_app only when creating a service mailbox' }],
    });
  }
  if (!service) return;
  if (patch.app) throw new InvalidInputError("A service mailbox sends with the organisation app's app-only settings, not an app of its own", { details: [{ path: 'app', message: 'not allowed with sendingMethod graph_app' }] });
  if (patch.email) checkNotPersonal(patch.email);
}

/** Whether the outbox may send for the account now: linked, or a service mailbox (nothing to link). */
export const readyToSend = (account: Pick<MailAccount, 'status' | 'sendingMethod'>): boolean => account.status === 'linked' || account.sendingMethod === 'graph_app';
