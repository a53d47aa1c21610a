import type { DeliveryGuarantee } from '@mailbridge/contract';
import type { MailAccount, MicrosoftApp } from '../domain.js';
import type { Deps } from '../deps.js';

/**
 * A service mailbox's: exactly-once through drafts unless Graph refused a draft there (the app
 * lacks Mail.ReadWrite in it: core/apps/app-only-tokens.ts), then sendMail, at least once.
 */
export const appOnlyGuarantee = (deps: Pick<Deps, 'appTokens'>, account: Pick<MailAccount, 'email'>): DeliveryGuarantee =>
  deps.appTokens.draftsRefused(account.email) ? 'at_least_once' : 'exactly_once';

/**
 * The guarantee the outbox gives this account's messages now: what its grant allows, or, before
 * it is linked, what linking with its app will give.
 */
export async function deliveryGuarantee(deps: Pick<Deps, 'store' | 'outbox' | 'appTokens'>, account: MailAccount, app: MicrosoftApp | null): Promise<DeliveryGuarantee> {
  const method = deps.outbox.methods[account.sendingMethod];
  if (method.appOnly) return appOnlyGuarantee(deps, account);
  const granted = account.status === 'linked' ? ((await deps.store.tokens.get(account.id, method.resource))?.scope ?? null) : null;
  if (granted === null) return method.guarantee(app?.requestMailReadWrite === false ? '' : null, app?.requestMailReadWrite ?? true);
  return method.guarantee(granted, app?.requestMailReadWrite ?? true);
}
