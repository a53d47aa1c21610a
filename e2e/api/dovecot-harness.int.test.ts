import { connect } from 'node:net';
import { startEmulator, type Emulator } from '@mailbridge/emulator';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graph, login, MAIL_SCOPES, seed } from '../../emulator/src/testing/fixtures.js';
import { EXCHANGE_CAPABILITIES, startDovecot, type Dovecot } from '../support/dovecot.js';
import { feedFromEmulator, type Feed } from '../support/dovecot-feed.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

// The harness the IMAP sync is tested on (issue 11): Dovecot authenticating XOAUTH2 against the
// emulator, fed by its SMTP and Graph sides, and a proxy that drops silently.

const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
const NO_IMAP = 'noimap@contoso.example';
const OUTLOOK = 'openid offline_access https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send';

let em: Emulator;
let s: ReturnType<typeof seed>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  em = await startEmulator();
  s = seed(em);
  em.createUser({ email: NO_IMAP, imapDisabled: true });
  for (const user of [ADELE, MEGAN, NO_IMAP]) tokens[user] = (await login(em, s, user, OUTLOOK)).access_token;
  tokens.graph = (await login(em, s, ADELE, MAIL_SCOPES)).access_token;
});
afterAll(async () => em?.close());

/** An imapflow client logged in with XOAUTH2 (IDLE only when a test asks for it). */
async function imap(port: number, user: string, accessToken = tokens[user]!): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, accessToken }, logger: false, disableAutoIdle: true,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** UIDs of the messages in `folder` with this Message-ID. */
async function find(client: ImapFlow, folder: string, messageId: string): Promise<number[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    return (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
  } finally {
    lock.release();
  }
}

const mime = (messageId: string, subject: string) =>
  `From: ${ADELE}\r\nTo: ${MEGAN}\r\nSubject: ${subject}\r\nMessage-ID: ${messageId}\r\nDate: ${new Date().toUTCString()}\r\n\r\nHello\r\n`;

/** Megan's client in IDLE on INBOX, and the first `event` it emits. */
async function idling(port: number, event: 'exists' | 'close') {
  const client = await imap(port, MEGAN);
  await client.mailboxOpen('INBOX');
  const next = new Promise((resolve) => client.once(event, resolve));
  void client.idle();
  return { client, next };
}

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);

/** A Dovecot fed by the emulator, for the tests of one describe block. */
function useFedDovecot(opts: { exchangeCapabilities?: boolean } = {}) {
  const fed = {} as { dovecot: Dovecot; feed: Feed };
  beforeAll(async () => {
    fed.dovecot = await startDovecot({ emulatorUrl: em.url, ...opts });
    fed.feed = feedFromEmulator(em, fed.dovecot);
  });
  afterAll(async () => {
    fed.feed?.();
    await fed.dovecot?.stop();
  });
  return fed;
}

describe('Dovecot fed by the emulator', () => {
  const fed = useFedDovecot();

  it('delivers a message sent through SMTP to the recipient\'s INBOX and the sender\'s Sent', async () => {
    const smtp = em.smtp!;
    const transport = nodemailer.createTransport({
      host: smtp.host, port: smtp.port, secure: false, requireTLS: true, tls: { ca: smtp.caPem }, auth: { type: 'OAuth2', user: ADELE, accessToken: tokens[ADELE] },
    });
    await transport.sendMail({ from: ADELE, to: MEGAN, subject: 'Through SMTP', text: 'Hi Megan', messageId: '<smtp-1@contoso.example>' });
    transport.close();
    await fed.feed.settled();
    const megan = await imap(fed.dovecot.port, MEGAN);
    const [uid] = await find(megan, 'INBOX', '<smtp-1@contoso.example>');
    expect(uid).toBeDefined();
    await megan.mailboxOpen('INBOX');
    const fetched = await megan.fetchOne(String(uid), { envelope: true, flags: true, source: true }, { uid: true });
    expect(fetched && fetched.envelope?.subject).toBe('Through SMTP');
    expect(fetched && [...fetched.flags!]).toEqual([]);
    expect(fetched && fetched.source?.toString()).toContain('Hi Megan');
    await megan.logout();
    const adele = await imap(fed.dovecot.port, ADELE);
    const [sentUid] = await find(adele, 'Sent', '<smtp-1@contoso.example>');
    await adele.mailboxOpen('Sent');
    const sentCopy = await adele.fetchOne(String(sentUid), { flags: true }, { uid: true });
    expect(sentCopy && [...sentCopy.flags!]).toEqual(['\\Seen']);
    await adele.logout();
  });

  it('builds the MIME of a Graph sendMail, attachments included', async () => {
    const sent = await graph(em, '/me/sendMail', tokens.graph!, {
      json: {
        message: {
          subject: 'Through Graph', body: { contentType: 'html', content: '<p>Hello <b>Megan</b></p>' },
          toRecipients: [{ emailAddress: { address: MEGAN, name: 'Megan Bowen' } }],
          attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', contentBytes: Buffer.from('attached bytes').toString('base64') }],
        },
      },
    });
    expect(sent.status).toBe(202);
    await fed.feed.settled();
    const [copy] = em.mailbox(MEGAN).inbox.filter((m) => m.message.subject === 'Through Graph');
    const megan = await imap(fed.dovecot.port, MEGAN);
    const [uid] = await find(megan, 'INBOX', copy!.internetMessageId);
    await megan.mailboxOpen('INBOX');
    const fetched = await megan.fetchOne(String(uid), { envelope: true, bodyStructure: true, source: true }, { uid: true });
    expect(fetched && fetched.envelope).toMatchObject({ subject: 'Through Graph', messageId: copy!.internetMessageId, to: [{ name: 'Megan Bowen', address: MEGAN }] });
    expect(fetched && fetched.bodyStructure?.childNodes?.map((n) => n.type)).toEqual(['text/html', 'text/plain']);
    expect(fetched && fetched.source?.toString()).toContain(Buffer.from('attached bytes').toString('base64'));
    await megan.logout();
  });

  it('refuses a Graph token and a mailbox whose IMAP is off', async () => {
    await expect(imap(fed.dovecot.port, ADELE, tokens.graph)).rejects.toMatchObject({ authenticationFailed: true });
    await expect(imap(fed.dovecot.port, NO_IMAP)).rejects.toMatchObject({ authenticationFailed: true });
    await expect(imap(fed.dovecot.port, MEGAN, tokens[ADELE])).rejects.toMatchObject({ authenticationFailed: true }); // someone else's token
  });

  it('lists the special folders with their special-use attributes', async () => {
    const client = await imap(fed.dovecot.port, MEGAN);
    const list = await client.list();
    const special = Object.fromEntries(list.filter((f) => f.specialUseSource === 'extension').map((f) => [f.path, f.specialUse]));
    expect(special).toEqual({ Sent: '\\Sent', Drafts: '\\Drafts', Trash: '\\Trash', Junk: '\\Junk', Archive: '\\Archive' });
    await client.logout();
  });

  it('tells an IDLE client about a message deliver() writes', async () => {
    const { client, next: exists } = await idling(fed.dovecot.port, 'exists');
    await fed.dovecot.deliver(MEGAN, mime('<idle-1@contoso.example>', 'While idle'));
    expect(await within(5000, exists)).toMatchObject({ path: 'INBOX' });
    expect(await find(client, 'INBOX', '<idle-1@contoso.example>')).toHaveLength(1);
    await client.logout();
  });

  it('through the proxy: a silent drop makes a NOOP hang on an open socket, resume() lets new sessions through', async () => {
    const proxy = await startTcpProxy('127.0.0.1', fed.dovecot.port, { scheme: 'imap' });
    try {
      const client = await imap(proxy.port, MEGAN);
      await client.noop();
      let closed = false;
      client.on('close', () => { closed = true; });
      proxy.drop();
      expect(await within(500, client.noop())).toBe('timeout');
      expect(closed).toBe(false);
      expect(proxy.connections()).toBe(1);
      proxy.resume();
      const again = await imap(proxy.port, MEGAN);
      await again.noop();
      await again.logout();
      client.close();
    } finally {
      await proxy.close();
    }
  });

  it('restarted during IDLE: the client sees the close, reconnects and finds what came meanwhile', async () => {
    const { next: closed } = await idling(fed.dovecot.port, 'close');
    await fed.dovecot.restart(() => fed.dovecot.deliver(MEGAN, mime('<down-1@contoso.example>', 'While down')).then(() => undefined));
    expect(await within(5000, closed)).not.toBe('timeout');
    const again = await imap(fed.dovecot.port, MEGAN);
    expect(await find(again, 'INBOX', '<down-1@contoso.example>')).toHaveLength(1);
    await again.logout();
  });
});

describe('Dovecot cut down to Exchange Online', () => {
  const fed = useFedDovecot({ exchangeCapabilities: true });

  it('advertises Exchange\'s capabilities only, before and after login', async () => {
    // Before login, and a PLAIN login (basic authentication) refused, over a bare socket.
    const transcript = await new Promise<string>((resolve, reject) => {
      const socket = connect(fed.dovecot.port, '127.0.0.1');
      let text = '';
      socket.on('data', (c: Buffer) => {
        text += c.toString();
        if (/^a (OK|NO|BAD)/m.test(text)) { socket.destroy(); resolve(text); }
      });
      socket.once('error', reject);
      socket.write(`a AUTHENTICATE PLAIN ${Buffer.from(`\0${MEGAN}\0secret`).toString('base64')}\r\n`);
    });
    const listed = /\[CAPABILITY ([^\]]+)\]/.exec(transcript)?.[1]?.split(' ');
    expect(listed).toEqual([...EXCHANGE_CAPABILITIES, 'AUTH=PLAIN', 'AUTH=XOAUTH2']);
    expect(transcript).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/m);
    const client = await imap(fed.dovecot.port, MEGAN);
    expect([...client.capabilities.keys()].sort()).toEqual([...EXCHANGE_CAPABILITIES].sort());
    await client.logout();
  });

  it('marks Sent Items, Drafts, Deleted Items and Junk Email, not Archive; the Sent copy lands in Sent Items', async () => {
    const sent = await graph(em, '/me/sendMail', tokens.graph!, {
      json: { message: { subject: 'To Exchange', toRecipients: [{ emailAddress: { address: MEGAN } }], internetMessageId: '<x-1@contoso.example>' } },
    });
    expect(sent.status).toBe(202);
    await fed.feed.settled();
    const client = await imap(fed.dovecot.port, ADELE);
    const list = await client.list();
    const flags = Object.fromEntries(list.map((f) => [f.path, [...f.flags].filter((x) => x !== '\\HasNoChildren' && x !== '\\HasChildren')]));
    expect(flags).toEqual({
      INBOX: [], 'Sent Items': ['\\Sent'], Drafts: ['\\Drafts'], 'Deleted Items': ['\\Trash'], 'Junk Email': ['\\Junk'], Archive: [],
    });
    expect(await find(client, 'Sent Items', '<x-1@contoso.example>')).toHaveLength(1);
    await client.logout();
  });
});
