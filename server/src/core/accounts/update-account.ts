import { sameAddress, type AccountPatch } from '@mailbridge/contract';
import { NOT_LINKED, type Actor, type MailAccount } from '../domain.js';
import type { Deps } from '../deps.js';
import { saveApp } from '../apps/save-app.js';
import { loadAccount } from './load-account.js';
import { unlinkAccount } from './unlink-account.js';
import { mergeDefaults } from './merge-defaults.js';
import { findAppFor } from '../apps/resolve-app.js';
import { invalidateIfAppChanged } from './require-same-app.js';
import { normalizeSendAs } from './send-as.js';
import { switchSendingMethod } from './switch-sending-method.js';
import { checkServiceMailboxPatch } from './service-mailbox.js';

/**
 * PATCH /accounts/{id}. A new address unlinks the mailbox (the tokens belong to the old one; a
 * service mailbox has none, and its queued messages are not held);
 * `app: null` drops the account's own app (it falls back to the organisation's). `limits` change
 * the mailbox's sending limits field by field; null restores Exchange Online's. A new sending
 * method takes effect at once when the grant covers it, else the mailbox must be linked again.
 */
export async function updateAccount(deps: Deps, actor: Actor, id: string, patch: AccountPatch): Promise<MailAccount> {
  let account = await loadAccount(deps.store, actor, id);
  checkServiceMailboxPatch(account, patch);
  const now = deps.clock.now();
  if (patch.app) {
    const existing = account.appId ? await deps.store.apps.get(account.appId) : null;
    const app = await saveApp(deps, existing, 'account', patch.app, 'app.');
    if (!existing) await deps.store.accounts.update(id, { appId: app.id, updatedAt: now });
  } else if (patch.app === null && account.appId) {
    await deps.store.accounts.update(id, { appId: null, updatedAt: now });
    await deps.store.apps.delete(account.appId);
  }
  // Switching between its own app and the organisation's (or editing it) changes who issued the tokens.
  const current = (await deps.store.accounts.get(id))!;
  await invalidateIfAppChanged(deps, current, (await findAppFor(deps.store, current)).app);
  const moved = patch.email !== undefined && !sameAddress(patch.email, account.email);
  const service = account.sendingMethod === 'graph_app';
  if (moved && !service && account.status !== 'not_linked') await unlinkAccount(deps, actor, id);
  const fields: Partial<MailAccount> = { updatedAt: now };
  // A service mailbox has nothing to link again: its queued messages keep going (from the new
  // address); it shows `not_linked` until a send from that address works (markServiceMailboxWorking).
  if (moved && service) Object.assign(fields, NOT_LINKED);
  if (patch.email) fields.email = patch.email;
  if (patch.sendAs) fields.sendAs = normalizeSendAs(patch.email ?? account.email, patch.sendAs);
  if (patch.defaults) fields.defaults = mergeDefaults(account.defaults, patch.defaults);
  if (patch.limits !== undefined) fields.limits = patch.limits === null ? null : { ...account.limits, ...patch.limits };
  await deps.store.accounts.update(id, fields);
  if (patch.sendingMethod && patch.sendingMethod !== account.sendingMethod) {
    await switchSendingMethod(deps, (await deps.store.accounts.get(id))!, patch.sendingMethod);
  }
  // New limits may make room for waiting messages at once.
  if (patch.limits !== undefined) {
    await deps.store.outbox.expedite(id, now);
    deps.outbox.wake();
  }
  account = (await deps.store.accounts.get(id))!;
  return account;
}
