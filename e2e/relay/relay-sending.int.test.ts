import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { SmtpDialogue } from './smtp-dialogue.js';

const run = promisify(execFile);
const PRINTER = 'printer@contoso.example';
const MEGAN = 'megan@contoso.example';
const ALEX = 'alex@contoso.example';
const GRETE = 'grete@contoso.example';
const SCAN = Buffer.from('%PDF-1.4 a scanned page, more or less\n'.repeat(200));

/**
 * Issue 12, the SMTP relay, with real clients: swaks (STARTTLS + AUTH PLAIN) and nodemailer
 * (implicit TLS + AUTH LOGIN) send through it to the emulator, which receives each message with
 * its headers, attachment and exactly the envelope's recipients; five messages on one connection
 * each become an outbox entry and arrive. One stack for the file (SQLite).
 */
describe('the SMTP relay sends what real clients give it', () => {
  let s: Stack;
  let accountId: string;
  let cred: { id: string; username: string; password: string };
  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_RELAY_PORT: '0', MAILBRIDGE_RELAY_TLS_PORT: '0' } });
    accountId = await s.linkedAccount(PRINTER, [MEGAN, ALEX, GRETE]);
    const r = await s.api('POST', `/api/v1/accounts/${accountId}/relay-credentials`, { description: 'Floor 3 printer' });
    expect(r.status).toBe(201);
    cred = r.body;
  }, 60_000);
  afterAll(() => s?.close());

  const inboxOf = (email: string, messageId: string) => s.emulator.mailbox(email).inbox.filter((m) => m.internetMessageId === messageId);

  it('listens on the ports it reports, with a self-signed certificate in the data directory and a warning naming the variables', async () => {
    expect(s.relay).toEqual({ port: expect.any(Number), tlsPort: expect.any(Number) });
    expect(s.mb.deps.relay.info()).toEqual({ port: s.relay!.port, tlsPort: s.relay!.tlsPort, maxSizeBytes: 35 * 1024 * 1024 });
    expect(await readFile(path.join(s.dataDir, 'relay-tls', 'cert.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const warning = s.logs.find((l) => l.includes('self-signed certificate'))!;
    expect(warning).toContain('MAILBRIDGE_RELAY_TLS_CERT_FILE');
    expect(warning).toContain('MAILBRIDGE_RELAY_TLS_KEY_FILE');
    expect(s.logs.join('\n')).not.toContain('PRIVATE KEY');
    const { smtp } = await SmtpDialogue.open(s.relay!.port!);
    const ehlo = await smtp.command('EHLO client.example');
    for (const ext of ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', 'STARTTLS', `SIZE ${35 * 1024 * 1024}`]) expect(ehlo).toContain(ext);
    expect(ehlo).not.toMatch(/DSN|REQUIRETLS|AUTH/);
    // AUTH is offered once the connection is encrypted (relay-connection.ts).
    expect(await smtp.starttls()).toContain('AUTH PLAIN LOGIN');
    await smtp.close();
  });

  it('swaks, STARTTLS + AUTH PLAIN: the message arrives as sent, to exactly the envelope recipients; the history names who was taken out', async () => {
    const messageId = `<swaks-${randomBytes(6).toString('hex')}@printer.contoso.example>`;
    const mime = [
      `From: Floor 3 Printer <${PRINTER}>`,
      `To: "Bowen, Megan" <${MEGAN}>`,
      'Cc: Partner <partner@fabrikam.example>',
      'Subject: =?UTF-8?B?R3LDvMOfZSB2b20gU2Nhbm5lcg==?=',
      `Message-ID: ${messageId}`,
      'Date: Tue, 6 Jan 2026 10:00:00 +0000',
      'X-Mailbridge-Test-Marker: relay-swaks',
      'X-Printer: Floor 3',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Gr=C3=BC=C3=9Fe from the scanner',
      '--b1',
      'Content-Type: application/pdf; name="scan.pdf"',
      'Content-Disposition: attachment; filename="scan.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      ...(SCAN.toString('base64').match(/.{1,76}/g) ?? []),
      '--b1--',
      '',
    ].join('\r\n');
    const file = path.join(s.dataDir, 'swaks-message.eml');
    await writeFile(file, mime);
    const { stdout } = await run('/usr/bin/swaks', ['--server', '127.0.0.1', '--port', String(s.relay!.port), '-tls', '--auth', 'PLAIN', '--auth-user', cred.username, '--auth-password', cred.password, '--from', PRINTER, '--to', `${MEGAN},${ALEX}`, '--data', file, '--timeout', '20'], { timeout: 30_000 });
    // `<~` marks what came back over TLS: STARTTLS first, then AUTH (RFC 3207, RFC 4954).
    expect(stdout).toContain('=== TLS started');
    expect(stdout).toContain('<~  235 2.7.0 Authentication successful');
    expect(stdout).not.toContain(cred.password);
    const id = /250 2\.0\.0 Ok: queued as (\S+)/.exec(stdout)?.[1];
    expect(id, stdout).toBeDefined();

    const m = await s.waitForMessage(id!);
    expect(m).toMatchObject({ status: 'accepted', internetMessageId: messageId, recipientCount: 2, guarantee: 'exactly_once' });
    expect(m.history[0]).toMatchObject({ status: 'queued', removedRecipients: ['partner@fabrikam.example'] });
    const [accepted] = s.emulator.accepted({ marker: 'relay-swaks' });
    expect(accepted).toMatchObject({
      via: 'draft', mailbox: PRINTER, from: PRINTER, internetMessageId: messageId,
      headers: { 'x-mailbridge-test-marker': 'relay-swaks', 'x-printer': 'Floor 3' },
      attachments: [expect.objectContaining({ name: 'scan.pdf', size: SCAN.length, sha256: createHash('sha256').update(SCAN).digest('hex') })],
    });
    // Megan (To) and Alex (envelope only: Bcc) receive it; the partner, named in Cc but not in the envelope, does not.
    const [megan] = inboxOf(MEGAN, messageId);
    const [alex] = inboxOf(ALEX, messageId);
    expect(megan?.mime).toBeDefined();
    expect(alex?.mime).toBe(megan?.mime);
    expect(megan!.mime).not.toMatch(/^(Bcc|Cc):/im);
    expect(megan!.mime).toContain('Gr=C3=BC=C3=9Fe from the scanner');
    expect(megan!.mime).toContain(`Message-ID: ${messageId}`);
    expect(megan!.message.subject).toBe('Grüße vom Scanner');
    // The sender's copy keeps the Bcc the envelope made.
    const sent = s.emulator.mailbox(PRINTER).sentItems.find((x) => x.internetMessageId === messageId);
    expect(sent?.mime).toMatch(new RegExp(`^Bcc: <${ALEX}>\\r$`, 'm'));
  });

  it('nodemailer, implicit TLS + AUTH LOGIN, trusting the generated certificate: Bcc recipients receive it, without the Bcc field', async () => {
    const ca = await readFile(path.join(s.dataDir, 'relay-tls', 'cert.pem'), 'utf8');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: s.relay!.tlsPort!, secure: true, auth: { user: cred.username, pass: cred.password }, authMethod: 'LOGIN', tls: { ca } });
    try {
      const info = await transport.sendMail({
        from: { name: 'Printer', address: PRINTER },
        to: MEGAN,
        bcc: [GRETE],
        subject: 'Nodemailer through the relay',
        text: 'Sent with implicit TLS.',
        headers: { 'X-Mailbridge-Test-Marker': 'relay-nodemailer' },
        attachments: [{ filename: 'notes.txt', content: 'some notes' }],
      });
      expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as \S+$/);
      const id = info.response.split(' ').pop()!;
      const m = await s.waitForMessage(id);
      expect(m).toMatchObject({ status: 'accepted', internetMessageId: info.messageId, recipientCount: 2 });
      expect(m.history[0].removedRecipients).toBeUndefined();
      expect(inboxOf(MEGAN, info.messageId)).toHaveLength(1);
      const [grete] = inboxOf(GRETE, info.messageId);
      expect(grete?.mime).not.toMatch(/^Bcc:/im);
      expect(s.emulator.accepted({ marker: 'relay-nodemailer' })).toEqual([expect.objectContaining({ attachments: [expect.objectContaining({ name: 'notes.txt', size: 10 })] })]);
    } finally {
      transport.close();
    }
  });

  it('five messages on one connection: each its own outbox entry, all five arrive, none lost to the next', async () => {
    const { smtp } = await SmtpDialogue.open(s.relay!.tlsPort!, { tls: true });
    await smtp.command('EHLO client.example');
    expect(await smtp.authPlain(cred.username, cred.password)).toBe('235 2.7.0 Authentication successful');
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      expect(await smtp.command(`MAIL FROM:<${PRINTER}>`)).toMatch(/^250/);
      expect(await smtp.command(`RCPT TO:<${MEGAN}>`)).toMatch(/^250/);
      const reply = await smtp.data(`From: ${PRINTER}\r\nTo: ${MEGAN}\r\nSubject: Page ${i}\r\nX-Mailbridge-Test-Marker: relay-five-${i}\r\n\r\nPage ${i} of 5\r\n`);
      expect(reply).toMatch(/^250 2\.0\.0 Ok: queued as \S+$/);
      ids.push(reply.split(' ').pop()!);
      // RSET between messages changes nothing already accepted.
      if (i === 3) expect(await smtp.command('RSET')).toMatch(/^250/);
    }
    await smtp.close();
    expect(new Set(ids).size).toBe(5);
    const messages = await Promise.all(ids.map((id) => s.waitForMessage(id)));
    expect(messages.map((m) => m.status)).toEqual(Array(5).fill('accepted'));
    expect(new Set(messages.map((m) => m.internetMessageId)).size).toBe(5);
    for (let i = 1; i <= 5; i++) expect(s.emulator.accepted({ marker: `relay-five-${i}` })).toHaveLength(1);
  });

  it('pipelined MAIL FROM, RCPT TO and DATA: their three replies come back together, in one TLS record (RFC 2920 §3.2)', async () => {
    const { smtp } = await SmtpDialogue.open(s.relay!.tlsPort!, { tls: true });
    await smtp.command('EHLO client.example');
    expect(await smtp.authPlain(cred.username, cred.password)).toBe('235 2.7.0 Authentication successful');
    for (let i = 1; i <= 3; i++) {
      const { replies, reads } = await smtp.pipeline([`MAIL FROM:<${PRINTER}>`, `RCPT TO:<${MEGAN}>`, 'DATA']);
      expect(replies.map((r) => r.slice(0, 3))).toEqual(['250', '250', '354']);
      expect(reads).toBe(1);
      const reply = await smtp.data(`From: ${PRINTER}\r\nTo: ${MEGAN}\r\nSubject: Pipelined ${i}\r\nX-Mailbridge-Test-Marker: relay-pipelined-${i}\r\n\r\nPage ${i}\r\n`, { afterGo: true });
      expect(reply).toMatch(/^250 2\.0\.0 Ok: queued as \S+$/);
    }
    await smtp.close();
  });

  it('MAIL FROM:<> is accepted (the From: header is still checked), and a message without Message-ID gets one', async () => {
    const { smtp } = await SmtpDialogue.open(s.relay!.tlsPort!, { tls: true });
    await smtp.command('EHLO client.example');
    await smtp.authPlain(cred.username, cred.password);
    expect(await smtp.command('MAIL FROM:<>')).toMatch(/^250/);
    expect(await smtp.command(`RCPT TO:<${MEGAN}>`)).toMatch(/^250/);
    const reply = await smtp.data(`From: ${PRINTER}\r\nTo: ${MEGAN}\r\nSubject: Null sender\r\nX-Mailbridge-Test-Marker: relay-null-sender\r\n\r\nNo bounce for me.\r\n`);
    expect(reply).toMatch(/^250 2\.0\.0 Ok: queued as \S+$/);
    await smtp.close();
    const stored = (await s.mb.store.outbox.get(reply.split(' ').pop()!))!;
    expect(stored.origin).toEqual({ kind: 'relay', credentialId: cred.id, bounceTo: null });
    expect(stored.internetMessageId).toMatch(/^<[\w-]+@contoso\.example>$/);
    const m = await s.waitForMessage(stored.id);
    expect(m.status).toBe('accepted');
    expect(s.emulator.accepted({ marker: 'relay-null-sender' })).toEqual([expect.objectContaining({ internetMessageId: stored.internetMessageId })]);
  });
});
