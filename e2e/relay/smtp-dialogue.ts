import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

/**
 * A bare SMTP client for reading the relay's exact replies (codes and texts), line by line, over
 * TCP, STARTTLS or implicit TLS. `command` sends one line and resolves with the whole reply
 * (continuation lines joined with \n); `data` sends a message's bytes after DATA's 354.
 */
export class SmtpDialogue {
  private buffer = '';
  private waiting: Array<(reply: string) => void> = [];

  private constructor(private socket: Socket | TLSSocket) {
    this.listen();
  }

  /** Connects and reads the greeting. `tls`: implicit TLS (the relay's certificate is not checked). */
  static async open(port: number, o: { tls?: boolean; localAddress?: string } = {}): Promise<{ smtp: SmtpDialogue; greeting: string }> {
    const socket = o.tls
      ? tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false, ...(o.localAddress ? { localAddress: o.localAddress } : {}) })
      : netConnect({ port, host: '127.0.0.1', ...(o.localAddress ? { localAddress: o.localAddress } : {}) });
    await new Promise<void>((resolve, reject) => {
      socket.once(o.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    const smtp = new SmtpDialogue(socket);
    return { smtp, greeting: await smtp.reply() };
  }

  command(line: string): Promise<string> {
    const reply = this.reply();
    this.socket.write(`${line}\r\n`);
    return reply;
  }

  /**
   * Several commands in one write, as a pipelining client sends them (RFC 2920 §3.1): their
   * replies, and in how many reads of the socket they came (one TLS record decrypts to one read).
   */
  async pipeline(lines: string[]): Promise<{ replies: string[]; reads: number }> {
    let reads = 0;
    const count = () => reads++;
    this.socket.on('data', count);
    const replies = lines.map(() => this.reply());
    this.socket.write(lines.map((l) => `${l}\r\n`).join(''));
    try {
      return { replies: await Promise.all(replies), reads };
    } finally {
      this.socket.off('data', count);
    }
  }

  /** STARTTLS (RFC 3207), then EHLO again on the encrypted channel; returns the EHLO reply. */
  async starttls(): Promise<string> {
    const ready = await this.command('STARTTLS');
    if (!ready.startsWith('220')) throw new Error(`STARTTLS refused: ${ready}`);
    const plain = this.socket;
    plain.removeAllListeners('data');
    this.socket = tlsConnect({ socket: plain, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      this.socket.once('secureConnect', () => resolve());
      this.socket.once('error', reject);
    });
    this.listen();
    return this.command('EHLO client.example');
  }

  /** DATA, the message (dot-stuffed), and the final reply; `afterGo`: DATA was sent and answered 354 already (pipeline). */
  async data(message: Buffer | string, o: { afterGo?: boolean } = {}): Promise<string> {
    const go = o.afterGo ? '354' : await this.command('DATA');
    if (!go.startsWith('354')) return go;
    const text = Buffer.isBuffer(message) ? message : Buffer.from(message);
    const stuffed = Buffer.from(text.toString('latin1').replace(/(^|\r\n)\./g, '$1..'), 'latin1');
    const reply = this.reply();
    this.socket.write(Buffer.concat([stuffed, Buffer.from(stuffed.subarray(-2).toString() === '\r\n' ? '.\r\n' : '\r\n.\r\n')]));
    return reply;
  }

  /** AUTH PLAIN with an initial response (RFC 4616). */
  authPlain(user: string, password: string): Promise<string> {
    return this.command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`);
  }

  async close(): Promise<void> {
    if (!this.socket.destroyed) {
      await this.command('QUIT').catch(() => '');
      this.socket.destroy();
    }
  }

  private listen(): void {
    this.socket.on('data', (d: Buffer) => {
      this.buffer += d.toString('latin1');
      for (;;) {
        // A reply ends with a line whose fourth character is a space (RFC 5321 §4.2.1).
        const m = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buffer);
        if (!m) return;
        const end = m.index + m[0].length;
        const reply = this.buffer.slice(0, end).replace(/\r\n$/, '').replace(/\r\n/g, '\n');
        this.buffer = this.buffer.slice(end);
        this.waiting.shift()?.(reply);
      }
    });
  }

  private reply(): Promise<string> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
