import { startEmulator, type Emulator, type EmulatorControl } from '@mailbridge/emulator';
import type { SandboxMessage } from '@mailbridge/contract';
import type { Sandbox } from '../core/deps.js';
import type { Store } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import { isSandboxActive } from '../core/sandbox/is-sandbox-active.js';
import type { Logger } from '../platform/logger.js';
import { SANDBOX_SEED, sandboxIds } from './sandbox-seed.js';
import { toSandboxMessage, visibleWith } from './sandbox-message.js';
import { SandboxState } from './sandbox-state.js';
import { seedEmulator } from './seed-emulator.js';

/** The inbox shows the most recent messages only. */
const INBOX_LIMIT = 200;

export interface StartSandboxOptions {
  /** Derives the app's stable client ID and secret. */
  masterKey: Buffer;
  /** Mailbridge's redirect URI, registered on the sandbox app. */
  redirectUri: string;
  /** Loopback port; 0 picks a free one. */
  port: number;
  store: Pick<Store, 'apps' | 'sandboxState'>;
  logger: Pick<Logger, 'warn' | 'error'>;
}

/** The Sandbox port over the emulator (@mailbridge/emulator) running in this process. */
export class EmulatorSandbox implements Sandbox {
  readonly url: string;
  /** Its SMTP submission endpoint on 127.0.0.1 (STARTTLS with a certificate made at start, `caPem`): where cloud `sandbox` sends over SMTP. */
  readonly smtp: { host: string; port: number; caPem: string } | null;
  readonly app: Sandbox['app'];
  readonly users = SANDBOX_SEED.users.map((u) => ({ ...u }));
  /** Message ID → the order in which inbox() first saw it. */
  private readonly seen = new Map<string, number>();

  private constructor(
    private readonly emulator: Emulator,
    private readonly state: SandboxState,
    private readonly store: Pick<Store, 'apps'>,
    app: Sandbox['app'],
  ) {
    this.url = emulator.url;
    this.smtp = emulator.smtp ? { host: emulator.smtp.host, port: emulator.smtp.port, caPem: emulator.smtp.caPem } : null;
    this.app = app;
  }

  /**
   * Starts the emulator on 127.0.0.1 only, restores its saved state and registers what is missing
   * of the tenant, the app and the users. Only the sign-in pages, the token endpoint, Graph and
   * SMTP submission (on a port of its own) are served: its control API (which would hand every secret and token to any local process) is
   * reachable in-process only. A durable change (a token, a consent) is saved before the emulator
   * answers the request that made it, so a token Mailbridge holds is never one the sandbox
   * forgets; mail is saved a moment later, off the request (see SandboxState).
   */
  static async start(o: StartSandboxOptions): Promise<EmulatorSandbox> {
    const ids = sandboxIds(o.masterKey);
    let state: SandboxState | undefined;
    const emulator = await startEmulator({
      port: o.port, host: '127.0.0.1', control: 'none', recordRequests: false, onChange: () => state?.afterRequest(),
    });
    try {
      state = new SandboxState(o.store.sandboxState, emulator, o.logger);
      await state.restore();
      seedEmulator(emulator, ids, o.redirectUri);
      await state.save();
      const { displayName, tenant: tenantSegment } = SANDBOX_SEED.app;
      return new EmulatorSandbox(emulator, state, o.store, { displayName, clientId: ids.clientId, clientSecret: new Sensitive(ids.clientSecret), tenant: tenantSegment });
    } catch (e) {
      await emulator.close();
      throw e;
    }
  }

  /**
   * The emulator's control methods, in process only (its port does not serve them): tests script
   * the sandbox with them. A change made here is saved with the next request that changes
   * something durable, or at close().
   */
  get control(): EmulatorControl {
    return this.emulator;
  }

  async status(): Promise<{ available: boolean; active: boolean }> {
    return { available: true, active: await isSandboxActive(this.store) };
  }

  async inbox(linked?: ReadonlySet<string>): Promise<SandboxMessage[]> {
    const all: Array<{ message: SandboxMessage; index: number }> = [];
    for (const user of this.users) {
      this.emulator.mailbox(user.email).inbox.forEach((stored, index) => {
        if (linked && !visibleWith(linked, user.email, stored)) return;
        all.push({ message: toSandboxMessage(user.email, stored), index });
      });
    }
    // receivedAt has whole seconds (as Graph's), so ties are common: a message first seen by an
    // earlier call, or later in its own inbox, is older. Across inboxes within one second and one
    // call, the order is a guess.
    all.sort((a, b) => a.message.receivedAt.localeCompare(b.message.receivedAt) || a.index - b.index);
    for (const { message } of all) if (!this.seen.has(message.id)) this.seen.set(message.id, this.seen.size);
    all.sort((a, b) => b.message.receivedAt.localeCompare(a.message.receivedAt) || this.seen.get(b.message.id)! - this.seen.get(a.message.id)!);
    return all.slice(0, INBOX_LIMIT).map((x) => x.message);
  }

  /** Stops answering, then saves what is pending (waiting for any save under way). */
  async close(): Promise<void> {
    await this.emulator.close();
    await this.state.flush();
  }
}
