import { sameAddress } from '@mailbridge/contract';
import type { Store } from '../ports.js';
import { AUTOMATION_ADMIN_EMAIL } from '../users/ensure-admin-key.js';

/**
 * True until a person can administer this server: no user has a password and no administrator
 * exists besides the key-only automation admin (which no one can sign in as).
 */
export async function needsFirstAdmin(store: Store): Promise<boolean> {
  const users = await store.users.list();
  return !users.some((u) => u.passwordHash !== null || (u.role === 'admin' && !sameAddress(u.email, AUTOMATION_ADMIN_EMAIL)));
}
