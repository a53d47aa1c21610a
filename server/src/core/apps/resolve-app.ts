import type { MailAccount, MicrosoftApp } from '../domain.js';
import { MailbridgeError } from '../errors.js';
import type { Store } from '../ports.js';

export type AppSource = 'account' | 'organization' | 'none';

/** The app an account uses: its own if it has one, else the organisation's. */
export async function findAppFor(store: Store, account: MailAccount): Promise<{ app: MicrosoftApp | null; source: AppSource }> {
  if (account.appId) {
    const own = await store.apps.get(account.appId);
    if (own) return { app: own, source: 'account' };
  }
  const org = await store.apps.getOrganizationApp();
  return org ? { app: org, source: 'organization' } : { app: null, source: 'none' };
}

export async function requireAppFor(store: Store, account: MailAccount): Promise<MicrosoftApp> {
  const { app } = await findAppFor(store, account);
  // A certificate authenticates the app as well as a secret does (docs/microsoft.md §7).
  if (!app || (!app.clientSecret && !app.certificate)) {
    throw new MailbridgeError('app_problem', 'No Microsoft app is configured for this account nor for the organisation', { diagnosis: 'app_not_configured' });
  }
  return app;
}
