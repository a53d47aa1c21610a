import type { Deps } from '../deps.js';
import { createUser } from './create-user.js';
import { hashPassword, verifyPassword } from './password-hash.js';

/**
 * MAILBRIDGE_ADMIN_EMAIL + MAILBRIDGE_ADMIN_PASSWORD: the first-run screen for automation. The
 * environment is the source of truth: the user exists, is an enabled admin, and has this password.
 */
export async function ensureAdminPassword(deps: Pick<Deps, 'store' | 'clock'>, email: string, password: string): Promise<void> {
  const existing = await deps.store.users.findByEmail(email);
  if (!existing) {
    await createUser(deps, { email, role: 'admin' }, await hashPassword(password));
    return;
  }
  const same = existing.passwordHash !== null && (await verifyPassword(password, existing.passwordHash));
  await deps.store.users.update(existing.id, {
    role: 'admin',
    disabledAt: null,
    ...(same ? {} : { passwordHash: await hashPassword(password) }),
  });
}
