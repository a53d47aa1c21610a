/**
 * Tells a connection that stopped answering from one that is slow: while an operation waits for
 * the server, some bytes must arrive at least every `limitMs`, else `onDead` runs (once). A silent
 * drop (a NAT or firewall that forgets the flow: the socket stays open and nothing comes back)
 * is seen this way and by nothing else, since TCP itself reports no error. Between operations
 * (in IDLE, where silence is normal) nothing is checked; the IDLE loop breaks IDLE with a NOOP
 * often enough for the check to run (idle-loop.ts). A check that comes late, because the event
 * loop was busy (a large database write while the next FETCH is under way, first-sync.ts),
 * starts the count again: the bytes that arrived meanwhile have not been read yet, and timers
 * run before sockets are read in a turn of the loop.
 */
export class Liveness {
  private pending = 0;
  private bytes = 0;
  private since = 0;
  private lastCheck = 0;
  private timer: NodeJS.Timeout | undefined;
  private dead = false;

  constructor(
    /** Bytes received on the connection so far (imapflow's `stats().received`). */
    private readonly received: () => number,
    private readonly limitMs: number,
    private readonly onDead: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `op`, a command the server must answer, under watch. */
  async guard<T>(op: () => Promise<T>): Promise<T> {
    if (this.pending++ === 0) this.restart();
    try {
      return await op();
    } finally {
      if (--this.pending === 0) this.stop();
    }
  }

  /** Stops watching (the connection is closed). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private restart(): void {
    this.bytes = this.received();
    this.since = this.now();
    this.lastCheck = this.since;
    if (this.timer || this.dead) return;
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  private get intervalMs(): number {
    return Math.max(20, Math.floor(this.limitMs / 8));
  }

  private check(): void {
    const bytes = this.received();
    const now = this.now();
    const stalled = now - this.lastCheck > 2 * this.intervalMs;
    this.lastCheck = now;
    if (bytes !== this.bytes || stalled) {
      this.bytes = bytes;
      this.since = now;
    } else if (now - this.since >= this.limitMs && !this.dead) {
      this.dead = true;
      this.stop();
      this.onDead();
    }
  }
}
