import { sameAddress } from '@mailbridge/contract';
import type { MailAccount } from '../domain.js';
import { MailbridgeError, ProviderRejectedError } from '../errors.js';
import type { Deps } from '../deps.js';

/**
 * Exchange refuses an app-only token alike whether the app lacks the permission altogether or
 * only this mailbox is outside its scope (docs/microsoft.md §7). Comparing mailboxes tells them
 * apart: when another service mailbox has sent (it is `linked`), the app has the permission, so
 * this one is out of its management scope (or application access policy): mailbox_out_of_scope.
 */
export async function refineAppOnlyRefusal(deps: Pick<Deps, 'store'>, account: Pick<MailAccount, 'id' | 'email'>, e: unknown): Promise<unknown> {
  if (!(e instanceof MailbridgeError) || !APP_ONLY_DIAGNOSES.has(e.diagnosis ?? 'unknown')) return e;
  // The fix names the app (its PowerShell commands take -AppId): the organisation app's client ID.
  const clientId = (await deps.store.apps.getOrganizationApp())?.clientId;
  const params = { ...e.params, address: account.email, ...(clientId ? { clientId } : {}) };
  const sent = e.diagnosis === 'app_only_permission_missing' ? (await deps.store.accounts.list()).find((a) => a.sendingMethod === 'graph_app' && a.id !== account.id && a.status === 'linked') : undefined;
  const diagnosis = sent ? 'mailbox_out_of_scope' : e.diagnosis;
  const message = sent ? `The organisation app may send from ${sent.email} but not from ${account.email}: the mailbox is outside its scope` : e.message;
  return new ProviderRejectedError(message, {
    ...(diagnosis ? { diagnosis } : {}),
    params: sent ? { ...params, working: sent.email } : params,
    ...(e.microsoftText ? { microsoftText: e.microsoftText } : {}),
    cause: e,
  });
}

const APP_ONLY_DIAGNOSES: ReadonlySet<string> = new Set(['app_only_permission_missing', 'mailbox_out_of_scope']);

/**
 * A send (or the check's test message) from a service mailbox went through: it shows as `linked`
 * from now on, which is also the record that this mailbox works for the app (refineAppOnlyRefusal),
 * and messages held for it go. `sentFrom` is the account as it was for the send: when its address
 * has changed since, the new one is unproven and nothing changes. The address is checked again
 * after the update, in the same transaction, so a change committed meanwhile rolls it back.
 */
export async function markServiceMailboxWorking(deps: Pick<Deps, 'store' | 'clock'> & Partial<Pick<Deps, 'outbox'>>, sentFrom: MailAccount): Promise<void> {
  // The common case, on every send: nothing to change, and nothing held (holding changes the status).
  if (sentFrom.status === 'linked' && sentFrom.lastError === null && sentFrom.linkedAddress === sentFrom.email) return;
  const now = deps.clock.now();
  const stillThere = (a: MailAccount | null): a is MailAccount => a !== null && a.sendingMethod === 'graph_app' && sameAddress(a.email, sentFrom.email);
  const released = await deps.store
    .transaction(async (tx) => {
      const current = await tx.accounts.get(sentFrom.id);
      if (!stillThere(current)) return 0;
      if (current.status !== 'linked' || current.lastError !== null || current.linkedAddress !== current.email) {
        await tx.accounts.update(current.id, { status: 'linked', linkedAddress: current.email, linkedAt: current.linkedAt ?? now, lastError: null, updatedAt: now });
        if (!stillThere(await tx.accounts.get(sentFrom.id))) throw new AddressChanged();
      }
      return tx.outbox.release(current.id, now);
    })
    .catch((e: unknown) => {
      if (e instanceof AddressChanged) return 0;
      throw e;
    });
  if (released > 0) deps.outbox?.wake();
}

class AddressChanged extends Error {}
