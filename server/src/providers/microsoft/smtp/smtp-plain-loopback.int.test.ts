import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Sensitive } from '../../../core/sensitive.js';
import type { DeliveryJob } from '../../../core/sending/mail-sender.js';
import { MicrosoftEndpoints } from '../clouds.js';
import { SmtpSender } from './smtp-sender.js';

/**
 * A bare SMTP server without STARTTLS (such as a local test relay): no PIPELINING, so commands
 * come one at a time. It takes any XOAUTH2 and every message.
 */
function plainServer() {
  const commands: string[] = [];
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let data: string[] | null = null;
    const reply = (text: string) => socket.write(`${text}\r\n`);
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data && line === '.') {
          messages.push(data.join('\r\n'));
          data = null;
          reply('250 2.0.0 OK queued');
        } else if (data) data.push(line.replace(/^\./, ''));
        else {
          commands.push(line);
          const verb = line.split(' ')[0]!.toUpperCase();
          const replies: Record<string, string> = { EHLO: '250-plain.test\r\n250 AUTH XOAUTH2', AUTH: '235 2.7.0 Authentication successful', MAIL: '250 2.1.0 OK', RCPT: '250 2.1.5 OK', DATA: '354 Go ahead', QUIT: '221 2.0.0 Bye' };
          if (verb === 'DATA') data = [];
          reply(replies[verb] ?? '502 5.5.2 Command not recognized');
          if (verb === 'QUIT') socket.end();
        }
      }
    });
    reply('220 plain.test ESMTP');
  });
  return { server, commands, messages };
}

describe('SMTP in clear: only to loopback', () => {
  const plain = plainServer();
  let port: number;
  beforeAll(async () => {
    await new Promise<void>((resolve) => plain.server.listen(0, '127.0.0.1', resolve));
    port = (plain.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => plain.server.close(() => resolve())));
  beforeEach(() => {
    plain.commands.length = 0;
    plain.messages.length = 0;
  });

  const deliver = async (host: string) => {
    // MAILBRIDGE_MS_SMTP_URL=smtp://{host}:{port}
    const sender = new SmtpSender(new MicrosoftEndpoints({ smtp: { host, port, security: 'starttls' } }));
    const job: DeliveryJob = {
      cloud: 'global', accessToken: new Sensitive('token-1'), mailbox: { address: 'adele@contoso.example', personal: false },
      content: { kind: 'message', message: { to: [{ address: 'megan@contoso.example' }], cc: [], bcc: [], replyTo: [], subject: 'Plain', text: 'Hi', attachments: [], headers: {} } },
      internetMessageId: '<plain-1@mailbridge.test>', guarantee: 'at_least_once', attempt: 1, progress: { draftId: null, sendStartedAt: null, upload: null },
      checkpoint: async () => {}, readAttachment: () => Promise.reject(new Error('no files')), now: () => new Date(),
    };
    try {
      await sender.deliver(job);
    } finally {
      sender.close();
    }
  };

  it('sends to a loopback server that offers no STARTTLS', async () => {
    await deliver('127.0.0.1');
    // close() said goodbye to the idle connection.
    await expect.poll(() => plain.commands.map((c) => c.split(' ')[0])).toEqual(['EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
    expect(plain.messages).toEqual([expect.stringContaining('Message-ID: <plain-1@mailbridge.test>')]);
  });

  it('refuses the same server reached as a non-loopback address: nothing is sent in clear', async () => {
    // 0.0.0.0 reaches this host on Linux, but is no loopback address: STARTTLS is required.
    const e = await deliver('0.0.0.0').then(() => null, (err: unknown) => err);
    expect(e).toMatchObject({ code: 'provider_unavailable', message: expect.stringContaining('never sends in clear') });
    expect(plain.commands.map((c) => c.split(' ')[0])).toEqual(['EHLO', 'STARTTLS']);
    expect(plain.messages).toEqual([]);
  });
});
