import type { UserCreate } from '@mailbridge/contract';
import type { User } from '../domain.js';
import { ConflictError } from '../errors.js';
import type { Deps } from '../deps.js';
import { newId } from '../random-token.js';

/**
 * POST /users (admin) and the CLI. Addresses are unique, case-insensitively. Users start without
 * a password: they set one through an invitation (or the first-run screen).
 */
export async function createUser(deps: Pick<Deps, 'store' | 'clock'>, input: UserCreate, passwordHash: string | null = null): Promise<User> {
  if (await deps.store.users.findByEmail(input.email)) {
    throw new ConflictError('A user with this email already exists', { details: [{ path: 'email', message: 'already taken' }] });
  }
  const user: User = { id: newId(), email: input.email, name: input.name ?? null, role: input.role, passwordHash, disabledAt: null, createdAt: deps.clock.now() };
  await deps.store.users.create(user);
  return user;
}
