import type { Deps } from '../deps.js';
import { issueOneTimeToken } from '../users/one-time-token.js';
import { needsFirstAdmin } from './needs-first-admin.js';

export const SETUP_CODE_TTL_MS = 3600_000;

/**
 * At start-up while no one can administer the server: a fresh one-time code (1 hour) for the
 * first-run screen, replacing any earlier one. Null once there is an administrator.
 */
export async function issueSetupCode(deps: Pick<Deps, 'store' | 'clock'>): Promise<string | null> {
  if (!(await needsFirstAdmin(deps.store))) {
    await deps.store.oneTimeTokens.deleteUnused('setup', null);
    return null;
  }
  return (await issueOneTimeToken(deps, 'setup', null, SETUP_CODE_TTL_MS)).token;
}
