import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { loadAccount } from '../accounts/load-account.js';
import { mailboxOff, type MailboxSyncState } from './mailbox-sync-state.js';

/** GET …/mailbox: whether the account's mailbox is read and how its sync is doing (off when never turned on). */
export async function getMailbox(deps: Pick<Deps, 'store' | 'clock'>, actor: Actor, accountId: string): Promise<MailboxSyncState> {
  const account = await loadAccount(deps.store, actor, accountId);
  return (await deps.store.mailboxState.get(account.id)) ?? mailboxOff(account.id, deps.clock.now());
}
