import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayServer } from '../../server/src/relay/relay-server.js';
import { freshPostgres } from '../support/databases.js';
import { startStack, type Stack } from '../support/stack.js';
import { SmtpDialogue } from './smtp-dialogue.js';

const PRINTER = 'printer@contoso.example';
const MEGAN = 'megan@contoso.example';
const MiB = 1024 * 1024;

/**
 * Issue 12: what the relay refuses, each with its code and text (RFC 5321 §4.2, RFC 3463,
 * RFC 4954 §6), and nothing queued. One stack on PostgreSQL (where instances share the failure
 * counters; the other relay tests run on SQLite) with a 1 MB SIZE. Every client here is on
 * loopback: the failure counters are per address, so the tests that count failures use addresses
 * of their own in 127.0.0.0/8.
 */
describe('the SMTP relay refuses', () => {
  const db = freshPostgres();
  let s: Stack;
  let accountId: string;
  let cred: { id: string; username: string; password: string };
  beforeAll(async () => {
    s = await startStack({ ...(await db.options()), env: { MAILBRIDGE_RELAY_PORT: '0', MAILBRIDGE_RELAY_TLS_PORT: '0', MAILBRIDGE_RELAY_MAX_SIZE_MB: '1' } });
    accountId = await s.linkedAccount(PRINTER, [MEGAN]);
    cred = await credential();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await db.cleanup();
  });

  async function credential(body: Record<string, unknown> = {}): Promise<{ id: string; username: string; password: string }> {
    const r = await s.api('POST', `/api/v1/accounts/${accountId}/relay-credentials`, body);
    expect(r.status).toBe(201);
    return r.body;
  }
  const queued = async () => (await s.mb.store.outbox.listPage({ accountId }, { limit: 1000 })).items.length;

  /** A TLS connection (implicit TLS port), greeted, EHLO done; AUTH too when `as` is given. */
  async function signedIn(as?: { username: string; password: string }, localAddress?: string): Promise<{ smtp: SmtpDialogue; auth: string | null }> {
    const { smtp } = await SmtpDialogue.open(s.relay!.tlsPort!, { tls: true, ...(localAddress ? { localAddress } : {}) });
    await smtp.command('EHLO client.example');
    return { smtp, auth: as ? await smtp.authPlain(as.username, as.password) : null };
  }

  it('MAIL without AUTH: 530 5.7.0', async () => {
    const before = await queued();
    const { smtp } = await signedIn();
    expect(await smtp.command(`MAIL FROM:<${PRINTER}>`)).toBe('530 5.7.0 Authentication required');
    await smtp.close();
    expect(await queued()).toBe(before);
  });

  it('AUTH on a connection without TLS: 538 5.7.11, before any credential is asked for (PLAIN and LOGIN)', async () => {
    const { smtp } = await SmtpDialogue.open(s.relay!.port!);
    await smtp.command('EHLO client.example');
    expect(await smtp.authPlain(cred.username, cred.password)).toBe('538 5.7.11 Encryption required for requested authentication mechanism');
    expect(await smtp.command('AUTH LOGIN')).toBe('538 5.7.11 Encryption required for requested authentication mechanism');
    expect(await smtp.command(`MAIL FROM:<${PRINTER}>`)).toBe('530 5.7.0 Authentication required');
    // After STARTTLS the same credential signs in.
    await smtp.starttls();
    expect(await smtp.authPlain(cred.username, cred.password)).toBe('235 2.7.0 Authentication successful');
    await smtp.close();
  });

  it('a wrong password, and a revoked credential: 535 5.7.8', async () => {
    const wrong = await signedIn({ username: cred.username, password: `${cred.password}x` });
    expect(wrong.auth).toBe('535 5.7.8 Authentication credentials invalid');
    await wrong.smtp.close();
    const revoked = await credential({ description: 'old scanner' });
    expect((await s.api('DELETE', `/api/v1/accounts/${accountId}/relay-credentials/${revoked.id}`)).status).toBe(204);
    const refused = await signedIn(revoked);
    expect(refused.auth).toBe('535 5.7.8 Authentication credentials invalid');
    await refused.smtp.close();
  });

  it('a credential revoked during a connection: the next message is refused, nothing queued', async () => {
    const c = await credential({ description: 'revoked mid-connection' });
    const { smtp, auth } = await signedIn(c);
    expect(auth).toMatch(/^235/);
    await s.api('DELETE', `/api/v1/accounts/${accountId}/relay-credentials/${c.id}`);
    const before = await queued();
    await smtp.command(`MAIL FROM:<${PRINTER}>`);
    await smtp.command(`RCPT TO:<${MEGAN}>`);
    expect(await smtp.data(`From: ${PRINTER}\r\nTo: ${MEGAN}\r\nSubject: x\r\n\r\nx\r\n`)).toBe('530 5.7.0 The relay credential was revoked; sign in again');
    await smtp.close();
    expect(await queued()).toBe(before);
  });

  it('a MAIL FROM or a From: that the account may not send from: 550 5.7.1 naming the allowed addresses', async () => {
    const before = await queued();
    const { smtp } = await signedIn(cred);
    expect(await smtp.command('MAIL FROM:<ceo@contoso.example>')).toBe(`550 5.7.1 MAIL FROM <ceo@contoso.example> is not allowed for this account; it may send from ${PRINTER}`);
    expect(await smtp.command(`MAIL FROM:<${PRINTER}>`)).toMatch(/^250/);
    expect(await smtp.command(`RCPT TO:<${MEGAN}>`)).toMatch(/^250/);
    expect(await smtp.data(`From: CEO <ceo@contoso.example>\r\nTo: ${MEGAN}\r\nSubject: x\r\n\r\nx\r\n`)).toBe(`550 5.7.1 From: <ceo@contoso.example> is not allowed for this account; it may send from ${PRINTER}`);
    // MAIL FROM:<> does not let a foreign From: through either.
    expect(await smtp.command('MAIL FROM:<>')).toMatch(/^250/);
    expect(await smtp.command(`RCPT TO:<${MEGAN}>`)).toMatch(/^250/);
    expect(await smtp.data(`From: ceo@contoso.example\r\nTo: ${MEGAN}\r\nSubject: x\r\n\r\nx\r\n`)).toMatch(/^550 5\.7\.1 From: <ceo@contoso\.example> is not allowed/);
    await smtp.close();
    expect(await queued()).toBe(before);
    // Both kinds of refusal are logged, with the reply the client got.
    const refused = s.logs.filter((l) => l.includes('relayed message refused') && l.includes('ceo@contoso.example'));
    expect(refused.some((l) => l.includes('"relay":"mail"') && l.includes('MAIL FROM <ceo@contoso.example> is not allowed'))).toBe(true);
    expect(refused.some((l) => l.includes('"relay":"data"') && l.includes('From: <ceo@contoso.example> is not allowed'))).toBe(true);
  });

  it('a message over SIZE: 552 5.3.4, whether declared with MAIL FROM or only found while it streams; nothing queued', async () => {
    const before = await queued();
    const { smtp } = await signedIn(cred);
    expect(await smtp.command(`MAIL FROM:<${PRINTER}> SIZE=${2 * MiB}`)).toBe(`552 5.3.4 Error: message exceeds fixed maximum message size ${MiB}`);
    expect(await smtp.command(`MAIL FROM:<${PRINTER}> SIZE=1000`)).toMatch(/^250/);
    expect(await smtp.command(`RCPT TO:<${MEGAN}>`)).toMatch(/^250/);
    const big = `From: ${PRINTER}\r\nTo: ${MEGAN}\r\nSubject: big\r\n\r\n${'x'.repeat(998)}\r\n`.repeat(1200);
    expect(await smtp.data(big)).toBe(`552 5.3.4 Message size exceeds fixed maximum message size (${MiB} bytes)`);
    // The connection goes on: the next message is taken.
    expect(await smtp.command(`MAIL FROM:<${PRINTER}>`)).toMatch(/^250/);
    expect(await smtp.command(`RCPT TO:<${MEGAN}>`)).toMatch(/^250/);
    const ok = await smtp.data(`From: ${PRINTER}\r\nTo: ${MEGAN}\r\nSubject: small\r\n\r\nsmall\r\n`);
    expect(ok).toMatch(/^250 2\.0\.0 Ok: queued as/);
    await smtp.close();
    expect(await queued()).toBe(before + 1);
    // Its origin, for a bounce should Microsoft refuse it later (bounces are on by default).
    expect((await s.mb.store.outbox.get(ok.split(' ').pop()!))!.origin).toEqual({ kind: 'relay', credentialId: cred.id, bounceTo: PRINTER });
  });

  it('a client outside the credential\'s networks: 550 5.7.1 naming its address', async () => {
    const limited = await credential({ allowedNetworks: ['192.0.2.0/24'] });
    const { smtp, auth } = await signedIn(limited, '127.0.0.9');
    expect(auth).toBe('550 5.7.1 Client address 127.0.0.9 is not allowed for this credential');
    await smtp.close();
    const here = await credential({ allowedNetworks: ['127.0.0.0/8'] });
    const ok = await signedIn(here, '127.0.0.9');
    expect(ok.auth).toBe('235 2.7.0 Authentication successful');
    await ok.smtp.close();
  });

  it('10 failures in 5 minutes from one address: 454 4.7.0 from there, even with the right password; others still sign in', async () => {
    for (let i = 0; i < 10; i++) {
      const { smtp, auth } = await signedIn({ username: `relay-nobody${i}`, password: 'guess' }, '127.0.0.2');
      expect(auth).toBe('535 5.7.8 Authentication credentials invalid');
      await smtp.close();
    }
    const blocked = await signedIn(cred, '127.0.0.2');
    expect(blocked.auth).toBe('454 4.7.0 Too many failed authentication attempts; try again later');
    await blocked.smtp.close();
    const elsewhere = await signedIn(cred, '127.0.0.3');
    expect(elsewhere.auth).toBe('235 2.7.0 Authentication successful');
    await elsewhere.smtp.close();
  });

  it('10 failures in 5 minutes for one username, from many addresses: 454 4.7.0 for it everywhere', async () => {
    const target = await credential({ description: 'guessed at' });
    for (let i = 0; i < 10; i++) {
      const { smtp, auth } = await signedIn({ username: target.username, password: `guess-${i}` }, `127.0.1.${i + 1}`);
      expect(auth).toBe('535 5.7.8 Authentication credentials invalid');
      await smtp.close();
    }
    const blocked = await signedIn(target, '127.0.2.1');
    expect(blocked.auth).toBe('454 4.7.0 Too many failed authentication attempts; try again later');
    await blocked.smtp.close();
    // Other credentials from that address are unaffected.
    const other = await signedIn(cred, '127.0.2.1');
    expect(other.auth).toBe('235 2.7.0 Authentication successful');
    await other.smtp.close();
  });
  it('EHLO lists AUTH only where AUTH may be used: not on a plain connection, after STARTTLS yes, with the loopback exception yes', async () => {
    const { smtp } = await SmtpDialogue.open(s.relay!.port!);
    const plain = await smtp.command('EHLO client.example');
    expect(plain).toContain('STARTTLS');
    expect(plain).not.toMatch(/AUTH/);
    // A client that sends AUTH anyway still gets its 538.
    expect(await smtp.command('AUTH LOGIN')).toBe('538 5.7.11 Encryption required for requested authentication mechanism');
    expect(await smtp.starttls()).toContain('AUTH PLAIN LOGIN');
    await smtp.close();
    const implicit = await SmtpDialogue.open(s.relay!.tlsPort!, { tls: true });
    expect(await implicit.smtp.command('EHLO client.example')).toContain('AUTH PLAIN LOGIN');
    await implicit.smtp.close();

    // A relay of the same process with MAILBRIDGE_RELAY_ALLOW_PLAIN_LOOPBACK=true.
    const dir = path.join(s.dataDir, 'relay-tls');
    const loopback = new RelayServer(s.mb.deps, {
      host: '127.0.0.1', port: 0, tlsPort: undefined, maxSizeBytes: MiB, allowPlainLoopback: true, name: 'localhost', log: s.mb.logger,
      tls: async () => ({ certPem: await readFile(path.join(dir, 'cert.pem'), 'utf8'), keyPem: await readFile(path.join(dir, 'key.pem'), 'utf8') }),
    });
    const { port } = await loopback.listen();
    try {
      const local = await SmtpDialogue.open(port!, { localAddress: '127.0.0.20' });
      expect(await local.smtp.command('EHLO client.example')).toContain('AUTH PLAIN LOGIN');
      expect(await local.smtp.authPlain(cred.username, cred.password)).toBe('235 2.7.0 Authentication successful');
      await local.smtp.close();
    } finally {
      await loopback.close();
    }
  });

  it('a header the relay cannot read as fields, or without exactly one From: 550 5.6.0 naming the problem, nothing queued', async () => {
    const before = await queued();
    const { smtp } = await signedIn(cred);
    const send = async (header: string) => {
      expect(await smtp.command(`MAIL FROM:<${PRINTER}>`)).toMatch(/^250/);
      expect(await smtp.command(`RCPT TO:<${MEGAN}>`)).toMatch(/^250/);
      return smtp.data(`${header}\r\nSubject: x\r\n\r\nx\r\n`);
    };
    expect(await send(`From : ceo@contoso.example\r\nFrom: ${PRINTER}\r\nTo: ${MEGAN}`)).toBe('550 5.6.0 The header has a line that is not a field (name: value): "From : ceo@contoso.example??"');
    expect(await send(` From: ceo@contoso.example\r\nFrom: ${PRINTER}\r\nTo: ${MEGAN}`)).toMatch(/^550 5\.6\.0 The header has a line that is not a field/);
    expect(await send(`From: ${PRINTER}\r\nTo: ${MEGAN}\rFrom: ceo@contoso.example`)).toBe('550 5.6.0 The header field to contains a carriage return that does not end a line');
    expect(await send(`From: ${PRINTER}\r\nX-A: a\0b\r\nTo: ${MEGAN}`)).toBe('550 5.6.0 The header field x-a contains a NUL character');
    expect(await send(`To: ${MEGAN}`)).toBe('550 5.6.0 The message has no From: header field');
    expect(await send(`From: ${PRINTER}\r\nFrom: ceo@contoso.example\r\nTo: ${MEGAN}`)).toBe('550 5.6.0 The message has 2 From: header fields; exactly one is allowed');
    // Sender: must be an address the account may send from, as From: is.
    expect(await send(`From: ${PRINTER}\r\nSender: ceo@contoso.example\r\nTo: ${MEGAN}`)).toBe(`550 5.7.1 Sender: <ceo@contoso.example> is not allowed for this account; it may send from ${PRINTER}`);
    await smtp.close();
    expect(await queued()).toBe(before);
  });

  it('a name that would smuggle in a recipient stays a name: exactly the envelope receives', async () => {
    const { smtp } = await signedIn(cred);
    expect(await smtp.command(`MAIL FROM:<${PRINTER}>`)).toMatch(/^250/);
    expect(await smtp.command(`RCPT TO:<${MEGAN}>`)).toMatch(/^250/);
    const reply = await smtp.data(`From: ${PRINTER}\r\nTo: "=?utf-8?q?x?= , victim@fabrikam.example ," <${MEGAN}>, removed@fabrikam.example\r\nTo: <${MEGAN}> <victim2@fabrikam.example>\r\nSubject: x\r\n\r\nx\r\n`);
    expect(reply).toMatch(/^250 2\.0\.0 Ok: queued as/);
    await smtp.close();
    const stored = (await s.mb.store.outbox.get(reply.split(' ').pop()!))!;
    const content = stored.content;
    const mime = content?.kind === 'mime' ? content.mime.toString() : '';
    const to = /^To: (.*(?:\r\n .*)*)\r\n/m.exec(mime)?.[1];
    expect(to).toBe(`"=?utf-8?q?x?= , victim@fabrikam.example ," <${MEGAN}>,\r\n "victim2@fabrikam.example" <${MEGAN}>`);
    expect(mime.match(/^To:/gm)).toHaveLength(1);
  });

  it('an owner disabled while a connection is open: the next message gets 530 5.7.0, nothing queued', async () => {
    const { smtp, auth } = await signedIn(cred, '127.0.0.21');
    expect(auth).toMatch(/^235/);
    const ownerId = (await s.mb.store.accounts.get(accountId))!.userId!;
    await s.mb.store.users.update(ownerId, { disabledAt: new Date() });
    const before = await queued();
    try {
      await smtp.command(`MAIL FROM:<${PRINTER}>`);
      await smtp.command(`RCPT TO:<${MEGAN}>`);
      expect(await smtp.data(`From: ${PRINTER}\r\nTo: ${MEGAN}\r\nSubject: x\r\n\r\nx\r\n`)).toBe('530 5.7.0 Authentication required');
    } finally {
      await s.mb.store.users.update(ownerId, { disabledAt: null });
      await smtp.close();
    }
    expect(await queued()).toBe(before);
  });

  it('from outside a credential\'s networks: 550 5.7.1 whatever the password, counted neither for the username nor for the address', async () => {
    const limited = await credential({ allowedNetworks: ['127.0.4.0/24'] });
    for (let i = 0; i < 12; i++) {
      const { smtp, auth } = await signedIn({ username: limited.username, password: `guess-${i}` }, '127.0.3.1');
      expect(auth).toBe('550 5.7.1 Client address 127.0.3.1 is not allowed for this credential');
      await smtp.close();
    }
    const inside = await signedIn(limited, '127.0.4.1');
    expect(inside.auth).toBe('235 2.7.0 Authentication successful');
    await inside.smtp.close();
    const sameClient = await signedIn(cred, '127.0.3.1');
    expect(sameClient.auth).toBe('235 2.7.0 Authentication successful');
    await sameClient.smtp.close();
  });

  it('a client that swapped username and password: its "username" is not logged', async () => {
    const { smtp, auth } = await signedIn({ username: cred.password, password: cred.username }, '127.0.0.22');
    expect(auth).toBe('535 5.7.8 Authentication credentials invalid');
    await smtp.close();
    const logs = s.logs.join('\n');
    expect(logs).toContain("(other)");
    expect(logs).not.toContain(cred.password);
  });
});
