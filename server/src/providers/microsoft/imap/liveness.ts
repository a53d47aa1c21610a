/**
 * Tells a connection that stopped answering from one that is slow: while an operation waits for
 * the server, some bytes must arrive at least every `limitMs`, else `onDead` runs (once). A silent
 * drop (a NAT or firewall that forgets the flow: the socket stays open and nothing comes back)
 * is seen this way and by nothing else, since TCP itself reports no error. Between operations
 * (while the sink writes, or in IDLE, where silence is normal) nothing is checked; the IDLE loop
 * breaks IDLE with a NOOP often enough for the check to run (idle-loop.ts).
 */
export class Liveness {
  private pending = 0;
  private bytes = 0;
  private since = 0;
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
    if (this.timer || this.dead) return;
    this.timer = setInterval(() => this.check(), Math.max(20, Math.floor(this.limitMs / 8)));
    this.timer.unref();
  }

  private check(): void {
    const bytes = this.received();
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.since = this.now();
    } else if (this.now() - this.since >= this.limitMs && !this.dead) {
      this.dead = true;
      this.stop();
      this.onDead();
    }
  }
}
