import net from 'node:net';
import tls from 'node:tls';
import type { SmtpEndpoint } from '../index.js';

/** The XOAUTH2 initial response: base64("user=" + user + "\x01auth=Bearer " + token + "\x01\x01"). */
export function xoauth2(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
}

/**
 * A bare SMTP client for tests that need to see every reply line (nodemailer hides some) or
 * to hold connections open: one command at a time, each answered with its full reply text
 * (multi-line replies joined with CRLF).
 */
export class RawSmtp {
  private buffer = '';
  private lines: string[] = [];
  private waiting: (() => void) | undefined;
  private closed = false;

  private constructor(private socket: net.Socket, private readonly endpoint: SmtpEndpoint) {
    this.listen(socket);
  }

  /** Connects and reads the greeting (returned by greeting()). */
  static async connect(endpoint: SmtpEndpoint): Promise<RawSmtp> {
    const socket = net.connect(endpoint.port, endpoint.host);
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    const client = new RawSmtp(socket, endpoint);
    client.greetingLine = await client.reply();
    return client;
  }

  greetingLine = '';

  private listen(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let i;
      while ((i = this.buffer.indexOf('\r\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, i));
        this.buffer = this.buffer.slice(i + 2);
      }
      this.waiting?.();
    });
    socket.on('close', () => { this.closed = true; this.waiting?.(); });
    socket.on('error', () => {});
  }

  /** The next complete reply; '' once the server closed the connection. */
  private async reply(): Promise<string> {
    const out: string[] = [];
    for (;;) {
      const next = this.lines.shift();
      if (next !== undefined) {
        out.push(next);
        if (/^\d{3}( |$)/.test(next)) return out.join('\r\n');
        continue;
      }
      if (this.closed) return out.join('\r\n');
      await new Promise<void>((resolve) => { this.waiting = resolve; });
      this.waiting = undefined;
    }
  }

  async cmd(command: string): Promise<string> {
    this.socket.write(`${command}\r\n`);
    return this.reply();
  }

  /** STARTTLS, then the TLS handshake trusting the emulator's certificate. */
  async starttls(): Promise<string> {
    const answer = await this.cmd('STARTTLS');
    if (!answer.startsWith('220')) return answer;
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    const secure = tls.connect({ socket: this.socket, ca: this.endpoint.caPem, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    this.socket = secure;
    this.listen(secure);
    return answer;
  }

  /** EHLO, STARTTLS, EHLO and AUTH XOAUTH2; returns the AUTH reply. */
  async login(user: string, token: string): Promise<string> {
    await this.cmd('EHLO client.example');
    await this.starttls();
    await this.cmd('EHLO client.example');
    return this.cmd(`AUTH XOAUTH2 ${xoauth2(user, token)}`);
  }

  /** MAIL FROM, RCPT TO, DATA and the message; returns the first refusal or the reply to the end of DATA. */
  async send(from: string, to: string[], message: string): Promise<string> {
    for (const command of [`MAIL FROM:<${from}>`, ...to.map((t) => `RCPT TO:<${t}>`), 'DATA']) {
      const answer = await this.cmd(command);
      if (!/^(250|354)/.test(answer)) return answer;
    }
    const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.socket.write(`${body}\r\n.\r\n`);
    return this.reply();
  }

  close(): void {
    this.socket.destroy();
  }
}
