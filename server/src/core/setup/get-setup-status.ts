import type { SetupStatus } from '@mailbridge/contract';
import type { Deps } from '../deps.js';
import { needsFirstAdmin } from './needs-first-admin.js';

/** GET /setup: what the first screen shows before anyone signs in (nothing secret). */
export async function getSetupStatus(deps: Pick<Deps, 'store' | 'sandbox' | 'redirectUri'>): Promise<SetupStatus> {
  const [first, app, sandbox] = await Promise.all([
    needsFirstAdmin(deps.store),
    deps.store.apps.getOrganizationApp(),
    deps.sandbox ? deps.sandbox.status() : { available: false, active: false },
  ]);
  return { needsFirstAdmin: first, organizationAppConfigured: app !== null, sandbox, redirectUri: deps.redirectUri };
}
