import { startEmulator, type Emulator } from '@mailbridge/emulator';
import type { SandboxMessage } from '@mailbridge/contract';
import type { Sandbox } from '../core/deps.js';
import type { Store } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import { isSandboxActive } from '../core/sandbox/is-sandbox-active.js';
import { SANDBOX_SEED, sandboxIds } from './sandbox-seed.js';
import { toSandboxMessage } from './sandbox-message.js';

/** The inbox shows the most recent messages only. */
const INBOX_LIMIT = 200;

export interface StartSandboxOptions {
  /** Derives the app's stable client ID and secret. */
  masterKey: Buffer;
  /** Mailbridge's redirect URI, registered on the sandbox app. */
  redirectUri: string;
  /** Loopback port; 0 picks a free one. */
  port: number;
  store: Pick<Store, 'apps'>;
}

/** The Sandbox port over the emulator (@mailbridge/emulator) running in this process. */
export class EmulatorSandbox implements Sandbox {
  readonly url: string;
  readonly app: Sandbox['app'];
  readonly users = SANDBOX_SEED.users.map((u) => ({ ...u }));
  /** Message ID → the order in which inbox() first saw it. */
  private readonly seen = new Map<string, number>();

  private constructor(private readonly emulator: Emulator, private readonly store: Pick<Store, 'apps'>, app: Sandbox['app']) {
    this.url = emulator.url;
    this.app = app;
  }

  /** Starts the emulator on 127.0.0.1 only and registers the tenant, the app and the users. */
  static async start(o: StartSandboxOptions): Promise<EmulatorSandbox> {
    const ids = sandboxIds(o.masterKey);
    const emulator = await startEmulator({ port: o.port, host: '127.0.0.1' });
    try {
      const tenant = emulator.createTenant({ ...SANDBOX_SEED.tenant, id: ids.tenantId });
      const { displayName, signInAudience, tenant: tenantSegment } = SANDBOX_SEED.app;
      emulator.createApp({ tenantId: tenant.id, displayName, signInAudience, clientId: ids.clientId, redirectUris: [o.redirectUri] });
      emulator.addSecret(ids.clientId, { value: ids.clientSecret });
      for (const u of SANDBOX_SEED.users) {
        emulator.createUser({ email: u.email, displayName: u.displayName, ...(u.kind === 'personal' ? { personal: true } : { tenantId: tenant.id }) });
      }
      return new EmulatorSandbox(emulator, o.store, { displayName, clientId: ids.clientId, clientSecret: new Sensitive(ids.clientSecret), tenant: tenantSegment });
    } catch (e) {
      await emulator.close();
      throw e;
    }
  }

  async status(): Promise<{ available: boolean; active: boolean }> {
    return { available: true, active: await isSandboxActive(this.store) };
  }

  async inbox(): Promise<SandboxMessage[]> {
    const all: Array<{ message: SandboxMessage; index: number }> = [];
    for (const user of this.users) {
      let inbox;
      try {
        inbox = this.emulator.mailbox(user.email).inbox;
      } catch {
        continue; // the user was removed through the control API (a reset)
      }
      inbox.forEach((stored, index) => all.push({ message: toSandboxMessage(user.email, stored), index }));
    }
    // receivedAt has whole seconds (as Graph's), so ties are common: a message first seen by an
    // earlier call, or later in its own inbox, is older. Across inboxes within one second and one
    // call, the order is a guess.
    all.sort((a, b) => a.message.receivedAt.localeCompare(b.message.receivedAt) || a.index - b.index);
    for (const { message } of all) if (!this.seen.has(message.id)) this.seen.set(message.id, this.seen.size);
    all.sort((a, b) => b.message.receivedAt.localeCompare(a.message.receivedAt) || this.seen.get(b.message.id)! - this.seen.get(a.message.id)!);
    return all.slice(0, INBOX_LIMIT).map((x) => x.message);
  }

  async close(): Promise<void> {
    await this.emulator.close();
  }
}
