import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { cancelInTransaction } from '../outbox/cancel-in-transaction.js';
import { WAITING_STATUSES } from '../outbox/outbox-message.js';
import { loadAccount } from './load-account.js';

/**
 * DELETE /accounts/{id}: the account, its tokens (cascade) and its own app; its waiting messages
 * are cancelled in the same transaction (each with its event), so none is sent afterwards.
 */
export async function deleteAccount(deps: Deps, actor: Actor, id: string): Promise<void> {
  const account = await loadAccount(deps.store, actor, id);
  deps.tokens.forget(id);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    for (const messageId of await tx.outbox.waitingIds({ accountId: id })) await cancelInTransaction(tx, messageId, now, { statuses: WAITING_STATUSES });
    await tx.accounts.delete(id);
    if (account.appId) await tx.apps.delete(account.appId);
  });
}
