import type { Actor, MicrosoftApp } from '../domain.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import { loadAccount } from '../accounts/load-account.js';

/**
 * The app whose certificate …/certificate manages: the organisation's (admin only, checked by the
 * route), or an account's own. An account that uses the organisation's app answers 409, not 404:
 * the account exists and could have an app; the message says how to give it one, or where the
 * organisation app's certificate is managed.
 */
export async function certificateApp(deps: Pick<Deps, 'store'>, target: { organization: true } | { actor: Actor; accountId: string }): Promise<MicrosoftApp> {
  if ('organization' in target) {
    const app = await deps.store.apps.getOrganizationApp();
    if (!app) throw new NotFoundError('Organisation Microsoft app');
    return app;
  }
  const account = await loadAccount(deps.store, target.actor, target.accountId);
  const app = account.appId ? await deps.store.apps.get(account.appId) : null;
  if (!app) {
    throw new ConflictError(
      "This account uses the organisation's Microsoft app: give it its own app first (PATCH /accounts/{id} with app), or manage the organisation app's certificate under /microsoft-app/certificate",
    );
  }
  return app;
}
