import type { OneTimeLink } from '@mailbridge/contract';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import { issueOneTimeToken } from './one-time-token.js';

/** Short enough that a leaked link (history, logs of a proxy) is useless soon after. */
export const SETTINGS_LINK_TTL_MS = 5 * 60_000;

/**
 * POST /users/{id}/settings-link (admin): how a host application (an ERP) opens one user's mail
 * settings in a new window without a Mailbridge password.
 */
export async function createSettingsLink(deps: Pick<Deps, 'store' | 'clock' | 'publicUrl'>, userId: string): Promise<OneTimeLink> {
  const user = await deps.store.users.get(userId);
  if (!user) throw new NotFoundError('User');
  if (user.disabledAt) throw new ConflictError('This user is disabled');
  // Unlike invitations, several links may be alive at once (two windows opened in a row).
  const { token, expiresAt } = await issueOneTimeToken(deps, 'settings_link', user.id, SETTINGS_LINK_TTL_MS, false);
  return { url: `${deps.publicUrl}/settings-link/${token}`, expiresAt: expiresAt.toISOString() };
}
