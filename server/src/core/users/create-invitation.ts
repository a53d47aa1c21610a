import type { OneTimeLink } from '@mailbridge/contract';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import { issueOneTimeToken } from './one-time-token.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

/**
 * POST /users/{id}/invitation (admin): a single-use link with which the user sets their password;
 * for a user who has one, it is a password reset. A new invitation voids the previous one.
 */
export async function createInvitation(deps: Pick<Deps, 'store' | 'clock' | 'publicUrl'>, userId: string): Promise<OneTimeLink> {
  const user = await deps.store.users.get(userId);
  if (!user) throw new NotFoundError('User');
  if (user.disabledAt) throw new ConflictError('This user is disabled; enable them first');
  const { token, expiresAt } = await issueOneTimeToken(deps, 'invitation', user.id, INVITATION_TTL_MS);
  return { url: `${deps.publicUrl}/invite?token=${token}`, expiresAt: expiresAt.toISOString() };
}
