import type { Emulator } from '@mailbridge/emulator';
import { SANDBOX_SEED, type SandboxIds } from './sandbox-seed.js';

/** 200 MB: the encoded size of a 150 MB file. */
const SANDBOX_MAX_SEND_SIZE_BYTES = 200 * 1024 * 1024;

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
    // Mailboxes whose administrator raised the maximum send size to what a 150 MB file needs, so
    // that raising an account's limits.maxMessageMB can be tried here (Mailbridge's own default
    // of 35 MB still applies until then).
    emulator.createUser({
      email: u.email,
      displayName: u.displayName,
      maxSendSizeBytes: SANDBOX_MAX_SEND_SIZE_BYTES,
      ...('sendAs' in u ? { sendAs: [...u.sendAs] } : {}),
      ...(u.kind === 'personal' ? { personal: true } : { tenantId: ids.tenantId }),
    });
  }
}
