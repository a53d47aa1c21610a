import type { DeliveryGuarantee } from '@mailbridge/contract';
import type { MailAccount, MicrosoftApp } from '../domain.js';
import type { Deps } from '../deps.js';

/**
 * The guarantee the outbox gives this account's messages now: what its grant allows, or, before
 * it is linked, what linking with its app will give.
 */
export async function deliveryGuarantee(deps: Pick<Deps, 'store' | 'outbox'>, account: MailAccount, app: MicrosoftApp | null): Promise<DeliveryGuarantee> {
  const method = deps.outbox.methods[account.sendingMethod];
  const granted = account.status === 'linked' ? ((await deps.store.tokens.get(account.id, method.resource))?.scope ?? null) : null;
  if (granted === null) return method.guarantee(app?.requestMailReadWrite === false ? '' : null, app?.requestMailReadWrite ?? true);
  return method.guarantee(granted, app?.requestMailReadWrite ?? true);
}
