import type { Emulator } from '@mailbridge/emulator';
import { SANDBOX_SEED, type SandboxIds } from './sandbox-seed.js';

/** The sandbox app's secret does not expire: it is a throwaway that only the sandbox accepts. */
const SECRET_EXPIRES_AT = Date.UTC(9999, 11, 31);

/**
 * Registers in the emulator whatever of the sandbox's tenant, app, secret, redirect URI and users
 * is missing: everything on a first start, nothing (or a new redirect URI after
 * MAILBRIDGE_PUBLIC_URL changed) when the state was restored. Restored users keep their ids, which
 * is what keeps linked accounts pointing at the same mailboxes.
 */
export function seedEmulator(emulator: Emulator, ids: SandboxIds, redirectUri: string): void {
  const have = emulator.snapshot();
  if (!have.tenants.some((t) => t.id === ids.tenantId)) emulator.createTenant({ ...SANDBOX_SEED.tenant, id: ids.tenantId });
  const app = have.apps.find((a) => a.clientId === ids.clientId);
  if (!app) {
    const { displayName, signInAudience } = SANDBOX_SEED.app;
    emulator.createApp({ tenantId: ids.tenantId, displayName, signInAudience, clientId: ids.clientId, redirectUris: [redirectUri] });
  } else {
    emulator.addRedirectUri(ids.clientId, redirectUri);
  }
  if (!app?.secrets.some((s) => s.value === ids.clientSecret)) emulator.addSecret(ids.clientId, { value: ids.clientSecret, expiresAt: SECRET_EXPIRES_AT });
  for (const u of SANDBOX_SEED.users) {
    if (have.users.some((x) => x.email.toLowerCase() === u.email)) continue;
    emulator.createUser({ email: u.email, displayName: u.displayName, ...(u.kind === 'personal' ? { personal: true } : { tenantId: ids.tenantId }) });
  }
}
