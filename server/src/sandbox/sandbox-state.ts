import type { Emulator } from '@mailbridge/emulator';
import type { SandboxStateRepository } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Logger } from '../platform/logger.js';

/**
 * What the saved state keeps of the sandbox's mail. Every save writes the whole state, so mail is
 * bounded: the newest 200 messages per folder (what the inbox shows), without attachment bytes
 * or raw MIME, at most 64,000 characters a message and 4 million for all mail together (a few
 * MB: the stored envelope stays under 5 MB however much was sent).
 */
export const SAVED_MAIL = { messagesPerFolder: 200, maxMessageChars: 64_000, maxMailChars: 4_000_000 } as const;
/** Refresh tokens kept per app and user: Mailbridge holds the newest; each refresh adds one. */
const REFRESH_TOKENS_PER_GRANT = 5;
/** A change to mail only is saved at most this long after it, with any others made meanwhile. */
const MAIL_SAVE_DELAY_MS = 2_000;

type Changes = ReturnType<Emulator['changes']>;

/**
 * Keeps the sandbox emulator's state in the database, so its directory, consents and issued
 * tokens survive a restart as a real tenant's do. What must not be lost is saved before the
 * answer that hands it out: a token, a consent, a user. Mail may be lost (it is test mail), so a
 * change to mail alone is saved a moment later, off the request, together with the changes that
 * follow. Nothing is written when nothing changed (a 404, a refused sign-in). Saves are
 * serialised; one asked for while another runs waits for one more, which includes every change.
 */
export class SandboxState {
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  /** The emulator's change counts in what was last written (null: nothing written yet). */
  private saved: Changes | null = null;
  private mailTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly repo: SandboxStateRepository,
    private readonly emulator: Pick<Emulator, 'snapshot' | 'restore' | 'changes'>,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
    private readonly now: () => Date = () => new Date(),
    private readonly mailDelayMs = MAIL_SAVE_DELAY_MS,
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
      this.saved = this.emulator.changes();
      return true;
    } catch (e) {
      this.logger.warn({ err: e }, 'Sandbox: its saved state could not be read back; it starts afresh (sandbox accounts need linking again)');
      return false;
    }
  }

  /**
   * After a request that may have changed state, before its answer is sent: a durable change is
   * saved now (the answer may carry a token Mailbridge will rely on), a change to mail only soon.
   */
  afterRequest(): Promise<void> | undefined {
    const changes = this.emulator.changes();
    if (this.saved === null || changes.durable !== this.saved.durable) return this.save();
    if (changes.mail !== this.saved.mail) this.saveMailSoon();
    return undefined;
  }

  /** Saves every change made so far; never throws (a failed save is logged, the request goes on). */
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

  /** Saves what is pending now, mail included, and stops waiting to: for shutdown. */
  async flush(): Promise<void> {
    if (this.mailTimer) clearTimeout(this.mailTimer);
    this.mailTimer = null;
    await this.save();
  }

  private saveMailSoon(): void {
    if (this.mailTimer) return;
    this.mailTimer = setTimeout(() => {
      this.mailTimer = null;
      void this.save();
    }, this.mailDelayMs);
    // Shutdown flushes; a pending mail save alone must not keep the process alive.
    this.mailTimer.unref();
  }

  private async write(): Promise<void> {
    try {
      const changes = this.emulator.changes();
      if (this.saved && changes.durable === this.saved.durable && changes.mail === this.saved.mail) return;
      const text = JSON.stringify(this.emulator.snapshot({ ...SAVED_MAIL, refreshTokensPerGrant: REFRESH_TOKENS_PER_GRANT }));
      await this.repo.save(new Sensitive(text), this.now());
      this.saved = changes;
    } catch (e) {
      this.logger.error({ err: e }, 'Sandbox: saving its state failed; changes since the last save are lost at the next restart');
    }
  }
}
