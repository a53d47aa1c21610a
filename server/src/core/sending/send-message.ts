import type { SendMessage } from '@mailbridge/contract';
import type { Actor, MailAccount, MessageRecord } from '../domain.js';
import { MailbridgeError, ReconnectNeededError, UnauthenticatedError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { OutgoingMessage } from '../ports.js';
import type { Sensitive } from '../sensitive.js';
import { newId } from '../random-token.js';
import { requireAppFor } from '../apps/resolve-app.js';
import { loadAccount } from '../accounts/load-account.js';
import { toOutgoing } from './to-outgoing.js';
import { requireSameApp } from '../accounts/require-same-app.js';
import { applyDefaults } from './apply-defaults.js';

/**
 * POST /accounts/{id}/messages: validated, completed with the account's default sending values,
 * then handed to Microsoft before answering.
 */
export async function sendMessage(deps: Deps, actor: Actor, accountId: string, input: SendMessage): Promise<MessageRecord> {
  const account = await loadAccount(deps.store, actor, accountId);
  return deliver(deps, account, applyDefaults(account, toOutgoing(input)));
}

/**
 * Sends through the mailbox. A 401 from Graph causes one refresh and one retry, never a loop.
 * Failures are recorded on the account (so its state shows the diagnosis) and on the message.
 */
export async function deliver(deps: Deps, account: MailAccount, message: OutgoingMessage): Promise<MessageRecord> {
  if (account.status === 'not_linked') {
    throw new MailbridgeError('not_linked', 'Link the mailbox before sending (POST /accounts/{id}/link)');
  }
  if (account.status === 'reconnect_needed') {
    throw new ReconnectNeededError('The mailbox must be linked again', { diagnosis: account.lastError?.diagnosis ?? 'grant_expired', params: account.lastError?.params ?? {} });
  }
  const recipientCount = message.to.length + message.cc.length + message.bcc.length;
  const record = { id: newId(), accountId: account.id, recipientCount, createdAt: deps.clock.now() };
  try {
    const app = await requireAppFor(deps.store, account);
    await requireSameApp(deps, account, app);
    let token = await deps.tokens.get(deps, account, app);
    const send = (t: Sensitive) => deps.slots.run(account.id, () => deps.mailbox.send(app.cloud, t, message));
    try {
      await send(token);
    } catch (e) {
      if (!(e instanceof UnauthenticatedError)) throw e;
      token = await deps.tokens.get(deps, account, app, token);
      try {
        await send(token);
      } catch (again) {
        if (!(again instanceof UnauthenticatedError)) throw again;
        throw new ReconnectNeededError('Microsoft Graph refused a freshly refreshed token', { diagnosis: 'unknown', params: { microsoftText: again.message }, microsoftText: again.message });
      }
    }
    if (account.lastError) await deps.store.accounts.update(account.id, { lastError: null, updatedAt: deps.clock.now() });
    const accepted: MessageRecord = { ...record, status: 'accepted', error: null };
    await deps.store.messages.create(accepted);
    return accepted;
  } catch (e) {
    if (!(e instanceof MailbridgeError)) throw e;
    const now = deps.clock.now();
    const problem = e.toProblem(now);
    if (e instanceof ReconnectNeededError) {
      await deps.store.accounts.update(account.id, { status: 'reconnect_needed', lastError: problem, updatedAt: now });
    } else if (e.code !== 'app_problem') {
      await deps.store.accounts.update(account.id, { lastError: problem, updatedAt: now });
    }
    await deps.store.messages.create({ ...record, status: 'failed', error: problem });
    throw e;
  }
}
