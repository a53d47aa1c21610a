import type { Emulator } from '@mailbridge/emulator';
import type { SandboxStateRepository } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Logger } from '../platform/logger.js';

/**
 * Messages kept per folder in the saved state. The sandbox inbox shows the newest 200 messages,
 * and every save writes the whole state, so the saved mail is bounded the same way.
 */
const MESSAGES_PER_FOLDER = 200;

/**
 * Keeps the sandbox emulator's state in the database, so its directory, consents and issued
 * tokens survive a restart as a real tenant's do. Saves are serialised, and a save asked for
 * while one runs waits for one more save, which then includes every change made so far.
 */
export class SandboxState {
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  /** What was last written: a request that changed nothing (a failed sign-in) writes nothing. */
  private lastSaved: string | null = null;

  constructor(
    private readonly repo: SandboxStateRepository,
    private readonly emulator: Pick<Emulator, 'snapshot' | 'restore'>,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Restores the saved state, if any. State that cannot be read back (another master key, an
   * incompatible format) is logged and the sandbox starts afresh: it holds only test data.
   */
  async restore(): Promise<boolean> {
    try {
      const saved = await this.repo.load();
      if (!saved) return false;
      this.emulator.restore(JSON.parse(saved.reveal()));
      this.lastSaved = saved.reveal();
      return true;
    } catch (e) {
      this.logger.warn({ err: e }, 'Sandbox: its saved state could not be read back; it starts afresh (sandbox accounts need linking again)');
      return false;
    }
  }

  /** Saves the current state; never throws (a failed save is logged, the request goes on). */
  save(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running.then(async () => {
      this.queued = null;
      await this.write();
    });
    this.queued = next;
    this.running = next;
    return next;
  }

  private async write(): Promise<void> {
    try {
      const text = JSON.stringify(this.emulator.snapshot({ messagesPerFolder: MESSAGES_PER_FOLDER }));
      if (text === this.lastSaved) return;
      await this.repo.save(new Sensitive(text), this.now());
      this.lastSaved = text;
    } catch (e) {
      this.logger.error({ err: e }, 'Sandbox: saving its state failed; changes since the last save are lost at the next restart');
    }
  }
}
