import type { Locale } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import type { MailAccount } from '../../../core/domain.js';
import { findAppFor } from '../../../core/apps/resolve-app.js';
import { presentAccount } from '../../present.js';

/** An account as the API shows it, with the app it uses. */
export async function accountView(deps: Deps, account: MailAccount, locale: Locale) {
  return presentAccount(account, await findAppFor(deps.store, account), deps.redirectUri, locale);
}
