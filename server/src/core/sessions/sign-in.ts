import type { LoginInput } from '@mailbridge/contract';
import { UnauthenticatedError } from '../errors.js';
import type { Deps } from '../deps.js';
import { verifyNothing, verifyPassword } from '../users/password-hash.js';
import { openSession, type OpenedSession } from './open-session.js';

/**
 * POST /session. Every failure (unknown address, no password yet, wrong password, disabled) gets
 * the same answer after the same work, so neither text nor timing reveals which addresses exist.
 */
export async function signIn(deps: Pick<Deps, 'store' | 'clock'>, input: LoginInput): Promise<OpenedSession> {
  const user = await deps.store.users.findByEmail(input.email);
  const ok = user?.passwordHash ? await verifyPassword(input.password, user.passwordHash) : await verifyNothing(input.password);
  if (!user || !ok || user.disabledAt) throw new UnauthenticatedError('The email or password is not right');
  return openSession(deps, user, 'full');
}
