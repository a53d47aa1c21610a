import type { FirstAdminInput } from '@mailbridge/contract';
import { ConflictError, InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken } from '../random-token.js';
import { createUser } from '../users/create-user.js';
import { hashPassword } from '../users/password-hash.js';
import { openSession, type OpenedSession } from '../sessions/open-session.js';
import { needsFirstAdmin } from './needs-first-admin.js';

/**
 * POST /setup/first-admin: the code from the start-up log proves the caller can read the
 * server's log, i.e. operates it. The code is spent even if the address then turns out taken.
 */
export async function createFirstAdmin(deps: Pick<Deps, 'store' | 'clock'>, input: FirstAdminInput): Promise<OpenedSession> {
  if (!(await needsFirstAdmin(deps.store))) throw new ConflictError('This server already has an administrator; sign in instead');
  if (await deps.store.users.findByEmail(input.email)) {
    throw new ConflictError('A user with this email already exists', { details: [{ path: 'email', message: 'already taken' }] });
  }
  const passwordHash = await hashPassword(input.password);
  const spent = await deps.store.oneTimeTokens.consume(hashToken(input.code), 'setup', deps.clock.now());
  if (!spent) {
    throw new InvalidInputError('This setup code is not valid: it was used, has expired (after 1 hour) or was replaced by a restart. Restart the server for a new one.', {
      details: [{ path: 'code', message: 'not valid, used or expired' }],
    });
  }
  const user = await createUser(deps, { email: input.email, name: input.name, role: 'admin' }, passwordHash);
  return openSession(deps, user, 'full');
}
