import type { z } from 'zod';
import type { PasswordChange } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashPassword, verifyPassword } from './password-hash.js';

/**
 * POST /me/password. Every other session of the user ends (someone who learnt the old password
 * is signed out); the session making the change, if any, stays.
 */
export async function changePassword(deps: Pick<Deps, 'store' | 'clock'>, actor: Actor, input: z.infer<typeof PasswordChange>, keepSessionHash?: string): Promise<void> {
  const user = await deps.store.users.get(actor.userId);
  if (!user) throw new NotFoundError('User');
  if (!user.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new InvalidInputError('The current password is not right', { details: [{ path: 'currentPassword', message: 'is not right' }] });
  }
  await deps.store.users.update(user.id, { passwordHash: await hashPassword(input.newPassword) });
  await deps.store.sessions.deleteForUser(user.id, keepSessionHash);
}
