import type { AccountCreate } from '@mailbridge/contract';
import type { Actor, MailAccount } from '../domain.js';
import { NOT_LINKED } from '../domain.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';
import { newId } from '../random-token.js';
import { saveApp } from '../apps/save-app.js';
import { mergeDefaults, NO_DEFAULTS } from './merge-defaults.js';
import { normalizeSendAs } from './send-as.js';
import { checkServiceMailbox } from './service-mailbox.js';

/**
 * POST /accounts. A user creates accounts for themself; an admin may name another user, and
 * creates service mailboxes (`graph_app`), owned by the organisation (no user).
 */
export async function createAccount(deps: Deps, actor: Actor, input: AccountCreate): Promise<MailAccount> {
  const userId = input.sendingMethod === 'graph_app' ? checkServiceMailbox(actor, input) : (input.userId ?? actor.userId);
  if (userId !== null && userId !== actor.userId && actor.role !== 'admin') throw new ForbiddenError('Only an administrator can create accounts for other users');
  if (userId !== null && !(await deps.store.users.get(userId))) {
    throw new InvalidInputError('No such user', { details: [{ path: 'userId', message: 'no user with this id' }] });
  }
  // The account's own app and the account commit together: a failed account leaves no app behind.
  return deps.store.transaction(async (store) => {
    const app = input.app ? await saveApp({ ...deps, store }, null, 'account', input.app, 'app.') : null;
    const now = deps.clock.now();
    const account: MailAccount = {
      id: newId(),
      userId,
      email: input.email,
      sendingMethod: input.sendingMethod,
      appId: app?.id ?? null,
      ...NOT_LINKED,
      defaults: mergeDefaults(NO_DEFAULTS, input.defaults),
      limits: null,
      sendAs: normalizeSendAs(input.email, input.sendAs ?? []),
      createdAt: now,
      updatedAt: now,
    };
    await store.accounts.create(account);
    return account;
  });
}
