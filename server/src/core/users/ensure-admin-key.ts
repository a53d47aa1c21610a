import type { Deps } from '../deps.js';
import { hashToken } from '../random-token.js';
import { createApiKey } from './create-api-key.js';
import { createUser } from './create-user.js';

/** The key-only admin MAILBRIDGE_ADMIN_API_KEY creates: it has no password and is not a person. */
export const AUTOMATION_ADMIN_EMAIL = 'admin@mailbridge.local';

/**
 * MAILBRIDGE_ADMIN_API_KEY: makes sure an admin key with that value exists (for automation).
 * Idempotent across restarts and instances.
 */
export async function ensureAdminKey(deps: Pick<Deps, 'store' | 'clock'>, key: string): Promise<void> {
  const existing = await deps.store.apiKeys.findActiveByHash(hashToken(key));
  if (existing) {
    const owner = await deps.store.users.get(existing.userId);
    if (owner?.role === 'admin') return;
  }
  const admin =
    (await deps.store.users.findByEmail(AUTOMATION_ADMIN_EMAIL)) ??
    (await createUser(deps, { email: AUTOMATION_ADMIN_EMAIL, name: 'Automation administrator', role: 'admin' }));
  await createApiKey(deps, admin.id, key);
}
