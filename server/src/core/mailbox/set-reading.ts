import type { Actor } from '../domain.js';
import { ConflictError, NotLinkedError } from '../errors.js';
import { findAppFor } from '../apps/resolve-app.js';
import { SANDBOX_HAS_NO_IMAP } from './sandbox-reading.js';
import type { Deps } from '../deps.js';
import { loadAccount } from '../accounts/load-account.js';
import { mailboxOff, type MailboxSyncState } from './mailbox-sync-state.js';
import { purgeMailbox } from './purge-mailbox.js';
import { missingReadPermission } from './read-permission.js';

/**
 * PUT …/mailbox `{reading}`. On: the sync starts over (`initial_sync`), unless the stored grant
 * lacks the method's read permission, which shows as status `error` with diagnosis
 * `read_permission_missing` (grant it, then link again) and nothing is synced. Turning it on
 * again while it runs changes nothing. Off: status `off`, and what was stored of the mailbox
 * (folders, messages, cached bodies, announced keys) is deleted (purge-mailbox.ts). Either way the sync worker is told.
 */
export async function setReading(deps: Deps, actor: Actor, accountId: string, reading: boolean): Promise<MailboxSyncState> {
  const account = await loadAccount(deps.store, actor, accountId);
  const now = deps.clock.now();
  const current = (await deps.store.mailboxState.get(account.id)) ?? mailboxOff(account.id, now);
  if (reading) {
    if (account.status === 'not_linked' || !account.linkedAddress) throw new NotLinkedError('Link the mailbox before reading it (POST /accounts/{id}/link)');
    if (account.sendingMethod === 'smtp_imap' && (await findAppFor(deps.store, account)).app?.cloud === 'sandbox') throw new ConflictError(SANDBOX_HAS_NO_IMAP);
    const running = current.reading && current.status !== 'error';
    if (!running) {
      const problem = (await missingReadPermission(deps, account))?.toProblem(now) ?? null;
      await deps.store.mailboxState.update(
        account.id,
        { reading: true, status: problem ? 'error' : 'initial_sync', done: 0, total: 0, lastError: problem, ...(current.reading ? {} : { cursor: null }) },
        now,
      );
    }
  } else {
    await purgeMailbox(deps.store, account.id, now);
  }
  deps.reading.wake(account.id);
  return (await deps.store.mailboxState.get(account.id)) ?? mailboxOff(account.id, now);
}
