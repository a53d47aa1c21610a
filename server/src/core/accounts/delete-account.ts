import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { messageEvent } from '../outbox/message-event.js';
import { loadAccount } from './load-account.js';
import { recordEvent } from '../events/record-event.js';

/**
 * DELETE /accounts/{id}: the account, its tokens (cascade) and its own app; its waiting messages
 * are cancelled in the same transaction (each with its event), so none is sent afterwards.
 */
export async function deleteAccount(deps: Deps, actor: Actor, id: string): Promise<void> {
  const account = await loadAccount(deps.store, actor, id);
  deps.tokens.forget(id);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    for (const messageId of await tx.outbox.waitingIds({ accountId: id })) {
      const m = await tx.outbox.get(messageId, { withContent: false });
      if (m && (await tx.outbox.update(messageId, { status: 'cancelled', held: false, content: null, updatedAt: now }, { statuses: ['queued', 'scheduled', 'retrying'] }))) {
        await recordEvent(tx, messageEvent(m, 'cancelled', now)!);
      }
    }
    await tx.accounts.delete(id);
    if (account.appId) await tx.apps.delete(account.appId);
  });
}
