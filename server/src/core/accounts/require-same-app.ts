import type { MailAccount, MicrosoftApp } from '../domain.js';
import { appKey } from '../domain.js';
import { ReconnectNeededError } from '../errors.js';
import type { Deps } from '../deps.js';
import { markReconnectNeeded } from './account-transitions.js';

const appChanged = () => new ReconnectNeededError('The Microsoft app changed (client ID, tenant or cloud); the mailbox must be linked again', { diagnosis: 'app_changed' });

/**
 * Tokens belong to the app that issued them. When the account's app is no longer that one
 * (edited, switched between its own and the organisation's, removed), its tokens are dropped and
 * the account waits for its user to link again. Returns whether it had to.
 */
export async function invalidateIfAppChanged(deps: Pick<Deps, 'store' | 'tokens' | 'clock'>, account: MailAccount, app: MicrosoftApp | null): Promise<boolean> {
  if (account.status !== 'linked' || !account.linkedAppKey || (app && appKey(app) === account.linkedAppKey)) return false;
  await markReconnectNeeded(deps, account.id, appChanged().toProblem(deps.clock.now()));
  return true;
}

/** Before using tokens: refuse (and record) if they were issued to another app. */
export async function requireSameApp(deps: Pick<Deps, 'store' | 'tokens' | 'clock'>, account: MailAccount, app: MicrosoftApp): Promise<void> {
  if (await invalidateIfAppChanged(deps, account, app)) throw appChanged();
}
