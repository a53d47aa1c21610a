import type { z } from 'zod';
import type { PasswordChange } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { RateLimit } from '../ports.js';
import { enforceRateLimit } from '../rate-limits/enforce-rate-limit.js';
import { hashPassword, verifyPassword } from './password-hash.js';

/**
 * Tries of the current password per user, right or wrong: 5 per 15 minutes. OWASP's
 * Authentication Cheat Sheet ("Account Lockout",
 * https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#account-lockout)
 * ties the counter to the account rather than the client address (a stolen session or key can
 * guess from anywhere), with a threshold, an observation window and a lockout duration. It warns
 * that lockout can deny service to others; here only the holder of the user's own session or key
 * can spend this budget, so it can be stricter than sign-in's 10 per 5 minutes. A person who
 * mistypes still has 5 tries; a guesser gets 480 a day.
 */
export const PASSWORD_CHANGE_LIMIT: RateLimit = { max: 5, windowMs: 15 * 60_000 };

/**
 * POST /me/password. Every other session of the user ends (someone who learnt the old password
 * is signed out); the session making the change, if any, stays. Limited per user before any
 * password hash is computed.
 */
export async function changePassword(deps: Pick<Deps, 'store' | 'clock'>, actor: Actor, input: z.infer<typeof PasswordChange>, keepSessionHash?: string): Promise<void> {
  await enforceRateLimit(deps, `password-change:user:${actor.userId}`, PASSWORD_CHANGE_LIMIT, 'Too many password change attempts; wait a few minutes');
  const user = await deps.store.users.get(actor.userId);
  if (!user) throw new NotFoundError('User');
  if (!user.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new InvalidInputError('The current password is not right', { details: [{ path: 'currentPassword', message: 'is not right' }] });
  }
  await deps.store.users.update(user.id, { passwordHash: await hashPassword(input.newPassword) });
  await deps.store.sessions.deleteForUser(user.id, keepSessionHash);
}
