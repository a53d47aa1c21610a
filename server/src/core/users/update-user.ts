import type { UserPatch } from '@mailbridge/contract';
import type { Actor, User } from '../domain.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';

/**
 * PATCH /users/{id} (admin). An admin cannot lock themself out (disable or demote); disabling
 * ends the user's sessions at once (their keys stop working on the next request).
 */
export async function updateUser(deps: Pick<Deps, 'store' | 'clock'>, actor: Actor, id: string, patch: UserPatch): Promise<User> {
  const user = await deps.store.users.get(id);
  if (!user) throw new NotFoundError('User');
  if (id === actor.userId && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))) {
    throw new ForbiddenError('You cannot disable or demote yourself; ask another administrator');
  }
  const disabledAt = patch.disabled === undefined ? undefined : patch.disabled ? (user.disabledAt ?? deps.clock.now()) : null;
  await deps.store.users.update(id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.role !== undefined ? { role: patch.role } : {}),
    ...(disabledAt !== undefined ? { disabledAt } : {}),
  });
  if (patch.disabled) await deps.store.sessions.deleteForUser(id);
  return (await deps.store.users.get(id))!;
}
