import type { MicrosoftApp } from '../domain.js';
import type { Deps } from '../deps.js';
import { putOrganizationApp } from '../apps/put-organization-app.js';
import { requireSandbox } from './require-sandbox.js';

/** POST /sandbox/apply: the sandbox's app becomes the organisation app, as if typed in by hand. */
export async function applySandbox(deps: Deps): Promise<MicrosoftApp> {
  const { app } = requireSandbox(deps);
  return putOrganizationApp(deps, { cloud: 'sandbox', tenant: app.tenant, clientId: app.clientId, clientSecret: app.clientSecret.reveal(), clientSecretExpiresAt: null });
}
