import { createHmac } from 'node:crypto';

/** What the sandbox registers on its first start (seed-emulator.ts); its state is then saved in the database. */
export const SANDBOX_SEED = {
  tenant: { domain: 'sandbox.mailbridge.test', name: 'Sandbox Co.' },
  app: { displayName: 'Mailbridge Sandbox', signInAudience: 'AzureADandPersonalMicrosoftAccount', tenant: 'common' },
  users: [
    // Ana has Send As rights on a shared mailbox, to try `sendAs` and a message's `from`.
    { email: 'ana@sandbox.mailbridge.test', displayName: 'Ana García', kind: 'work', sendAs: ['support@sandbox.mailbridge.test'] },
    { email: 'ben@sandbox.mailbridge.test', displayName: 'Ben Miller', kind: 'work' },
    { email: 'sam@outlook.sandbox.test', displayName: 'Sam Lee', kind: 'personal' },
  ],
} as const;

export interface SandboxIds {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

const derive = (masterKey: Buffer, label: string): Buffer => createHmac('sha256', masterKey).update(`mailbridge/sandbox/${label}`).digest();

/** RFC 9562 §5.4 layout (version 4, variant 10) over derived rather than random bytes. */
function guidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Shaped like a portal secret Value: 40 characters with '~' (docs/microsoft.md §5.1). */
function secretFrom(bytes: Buffer): string {
  const body = bytes.toString('base64url').replace(/[-_]/g, 'x');
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

/**
 * The sandbox's tenant ID, client ID and secret, derived from the master key (HMAC-SHA256 with
 * a label each): the same after every restart, so an organisation app saved from the sandbox
 * keeps working, yet different on every installation and unguessable without the key.
 */
export function sandboxIds(masterKey: Buffer): SandboxIds {
  return {
    tenantId: guidFrom(derive(masterKey, 'tenant-id')),
    clientId: guidFrom(derive(masterKey, 'client-id')),
    clientSecret: secretFrom(derive(masterKey, 'client-secret')),
  };
}
