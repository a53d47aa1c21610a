import type { Locale } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import type { MailAccount } from '../../../core/domain.js';
import { findAppFor } from '../../../core/apps/resolve-app.js';
import { presentAccount } from '../../present.js';
import { deliveryGuarantee } from '../../../core/outbox/delivery-guarantee.js';
import { relinkNeededFor } from '../../../core/link-scopes.js';

/** An account as the API shows it, with the app it uses. */
export async function accountView(deps: Deps, account: MailAccount, locale: Locale) {
  const app = await findAppFor(deps.store, account);
  const granted = account.status === 'linked' ? await deps.store.tokens.scopes(account.id) : {};
  return presentAccount(account, app, deps.redirectUri, locale, {
    guarantee: await deliveryGuarantee(deps, account, app.app),
    relinkNeededFor: relinkNeededFor(account, granted),
  });
}
