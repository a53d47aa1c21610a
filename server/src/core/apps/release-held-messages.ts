import type { MicrosoftApp } from '../domain.js';
import { readyToSend } from '../accounts/service-mailbox.js';
import type { Deps } from '../deps.js';

/**
 * A new credential (secret or certificate) may be the fix for messages held by an app problem
 * (expired or wrong secret, certificate not uploaded): try them now.
 */
export async function releaseHeldMessages(deps: Deps, app: MicrosoftApp): Promise<void> {
  const now = deps.clock.now();
  let released = 0;
  for (const account of await deps.store.accounts.listByApp(app.scope === 'organization' ? null : app.id)) {
    if (readyToSend(account)) released += await deps.store.outbox.release(account.id, now);
  }
  if (released) deps.outbox.wake();
}
