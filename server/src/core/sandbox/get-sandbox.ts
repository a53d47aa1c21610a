import type { SandboxView } from '@mailbridge/contract';
import type { Deps } from '../deps.js';
import { requireSandbox } from './require-sandbox.js';

/**
 * GET /sandbox: the sandbox plays the Azure portal, so its app's secret value is shown (to admins
 * only). It is a throwaway that only the in-process sandbox accepts, never a Microsoft secret.
 */
export async function getSandbox(deps: Pick<Deps, 'sandbox'>): Promise<SandboxView> {
  const sandbox = requireSandbox(deps);
  const { active } = await sandbox.status();
  const { displayName, clientId, clientSecret, tenant } = sandbox.app;
  return {
    active,
    authorityUrl: sandbox.url,
    app: { displayName, clientId, clientSecret: clientSecret.reveal(), tenant },
    users: sandbox.users.map(({ sendAs, ...u }) => ({ ...u, ...(sendAs ? { sendAs: [...sendAs] } : {}) })),
  };
}
