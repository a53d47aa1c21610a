import type { MicrosoftApp } from '../domain.js';
import type { Deps } from '../deps.js';
import { saveApp, type AppInput } from './save-app.js';

/** PUT /microsoft-app: the organisation-wide app used by every account without its own. */
export async function putOrganizationApp(deps: Deps, input: AppInput): Promise<MicrosoftApp> {
  const existing = await deps.store.apps.getOrganizationApp();
  return saveApp(deps, existing, 'organization', input);
}
