/** Messages queued within WINDOW_MS that make a burst. */
const BURST = 10;
const WINDOW_MS = 250;
/** The longest stretch the worker gives way for, and the full-speed stretch that must follow. */
const STRETCH_MS = 10_000;

/**
 * When the outbox worker gives way to intake (outbox-worker.ts). Node runs a process's intake
 * (the relay's SMTP sessions, the API) and its deliveries on one thread: during a burst of
 * incoming messages (BURST queued within WINDOW_MS), each delivery's work would delay the
 * answers that SMTP clients and API callers are waiting for, so the worker sends one message at a
 * time with a pause, and the backlog goes at full speed once the burst is over. A burst that
 * lasts longer than STRETCH_MS does not starve delivery: the worker then goes at full speed for as
 * long again, and the intake shares the process with it.
 */
export class GiveWay {
  readonly #intake: number[] = [];
  #since: number | null = null;
  #fullSpeedUntil = 0;

  /** A message was queued (or something else woke the worker) at `now`. */
  noteIntake(now: number): void {
    this.#intake.push(now);
    this.#forget(now);
  }

  /** Whether to give way now. */
  now(now: number): boolean {
    this.#forget(now);
    if (this.#intake.length < BURST || now < this.#fullSpeedUntil) {
      this.#since = null;
      return false;
    }
    this.#since ??= now;
    if (now - this.#since < STRETCH_MS) return true;
    this.#since = null;
    this.#fullSpeedUntil = now + STRETCH_MS;
    return false;
  }

  #forget(now: number): void {
    while (this.#intake.length > 0 && this.#intake[0]! <= now - WINDOW_MS) this.#intake.shift();
  }
}
