import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxLoginRefusedError } from '../../server/src/core/mailbox/mailbox-reader.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { credentialsFor, otherClient, plainMime, readerEmulator, readerFor, running, serverFlags } from '../support/imap-reader-fixtures.js';
import { MemoryMailboxSink } from '../support/memory-mailbox-sink.js';

// The IMAP reader (issue 11) against a real Dovecot authenticating XOAUTH2 with the emulator's
// tokens: with CONDSTORE (Dovecot as it is) and cut down to Exchange Online's capabilities.

let env: Awaited<ReturnType<typeof readerEmulator>>;
beforeAll(async () => {
  env = await readerEmulator();
});
afterAll(async () => env?.em.close());

const multipart = [
  'From: "Bob Builder" <bob@fabrikam.example>',
  'To: reader@contoso.example, Carol <carol@fabrikam.example>',
  'Cc: dave@fabrikam.example',
  'Subject: =?ISO-8859-1?Q?Caf=E9_plans?=',
  'Message-ID: <multi-1@fabrikam.example>',
  'Date: Wed, 03 Jan 2024 09:30:00 +0100',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'This is a multi-part message.',
  '--outer',
  'Content-Type: multipart/alternative; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Let us meet at the caf=E9 at noon.=',
  ' Bring the plans.',
  '',
  '> old quoted text',
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Let us meet at the café at noon.</p>',
  '--inner--',
  '--outer',
  'Content-Type: application/pdf; name="plans.pdf"',
  'Content-Disposition: attachment; filename="plans.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQKJcfsj6IK',
  '--outer--',
  '',
].join('\r\n');

const htmlOnly = [
  'From: eve@fabrikam.example',
  'To: reader@contoso.example',
  'Subject: Newsletter',
  'Message-ID: <html-1@fabrikam.example>',
  'Date: Thu, 04 Jan 2024 08:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('<html><head><style>p{color:red}</style></head><body><p>Größte <b>news</b> of the week</p></body></html>').toString('base64'),
  '',
].join('\r\n');

// Headers without a colon, no date, a boundary that never comes, 8-bit junk: stored anyway.
const malformed = Buffer.concat([
  Buffer.from('Subject: =?bogus?Q?broken\r\nthis line is no header\r\nDate: yesterday-ish\r\nContent-Type: multipart/mixed; boundary="nowhere"\r\n\r\n'),
  Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0d, 0x0a]),
  Buffer.from('--elsewhere\r\nContent-Type: text/plain\r\n\r\nnot where it says\r\n'),
]);

function useDovecot(exchangeCapabilities: boolean) {
  const box = {} as { dovecot: Dovecot };
  beforeAll(async () => {
    box.dovecot = await startDovecot({ emulatorUrl: env.em.url, exchangeCapabilities });
  });
  afterAll(async () => box.dovecot?.stop());
  return box;
}

for (const exchange of [false, true]) {
  describe(exchange ? 'cut down to Exchange Online (no CONDSTORE)' : 'Dovecot with CONDSTORE', () => {
    const d = useDovecot(exchange);

    it('syncs every folder with progress, envelopes, snippets and threads, never setting \\Seen, then follows new mail, expunges and flags live', async () => {
      const user = await env.user();
      const { dovecot } = d;
      const sent = dovecot.folders.sent.name;
      await dovecot.deliver(user.email, plainMime({ id: '<root-1@fabrikam.example>', subject: 'Quarterly numbers', body: 'Numbers attached soon.' }));
      await dovecot.deliver(user.email, plainMime({ id: '<reply-1@contoso.example>', subject: 'Re: Quarterly numbers', from: user.email, headers: ['In-Reply-To: <root-1@fabrikam.example>', 'References: <root-1@fabrikam.example>'], body: 'Thanks!\r\n\r\nOn Tue, Ann wrote:\r\n> Numbers attached soon.' }), { folder: sent, flags: ['\\Seen'] });
      await dovecot.deliver(user.email, multipart, { flags: ['\\Flagged'] });
      await dovecot.deliver(user.email, htmlOnly);
      await dovecot.deliver(user.email, malformed);
      const other = await otherClient(dovecot.port, user);
      const flagsBefore = await serverFlags(other, 'INBOX');

      const reader = readerFor(dovecot.port);
      const r = running(reader, user);
      try {
        await r.sink.waitFor(() => r.sink.callsOf('synced').length > 0, 10_000, 'the first pass');
        // Progress: from 0 to every message of every folder.
        const progress = r.sink.callsOf('progress');
        expect(progress[0]).toMatchObject({ done: 0, total: 5 });
        expect(progress.at(-1)).toMatchObject({ done: 5, total: 5 });
        // Inbox first, none of it new mail.
        const batches = r.sink.callsOf('messages');
        expect(batches[0]!.folder).toBe('INBOX');
        expect(batches.every((b) => !b.newMail)).toBe(true);
        expect([...r.sink.folderByPath.values()].find((f) => f.remoteId === sent)?.role).toBe('sent');

        const root = r.sink.bySubject('INBOX', 'Quarterly numbers')!;
        expect(root).toMatchObject({ internetMessageId: '<root-1@fabrikam.example>', from: { name: 'Ann Example', address: 'ann@fabrikam.example' }, snippet: 'Numbers attached soon.', unread: true, flagged: false, hasAttachments: false });
        expect(root.date.toISOString()).toBe('2024-01-02T10:00:00.000Z');
        const reply = r.sink.bySubject(sent, 'Re: Quarterly numbers')!;
        expect(reply).toMatchObject({ inReplyTo: '<root-1@fabrikam.example>', references: ['<root-1@fabrikam.example>'], snippet: 'Thanks!', unread: false });
        expect(reply.threadKey).toBe(root.threadKey);

        const multi = r.sink.bySubject('INBOX', 'Café plans')!;
        expect(multi).toMatchObject({
          from: { name: 'Bob Builder', address: 'bob@fabrikam.example' },
          to: [{ address: 'reader@contoso.example' }, { name: 'Carol', address: 'carol@fabrikam.example' }],
          cc: [{ address: 'dave@fabrikam.example' }],
          snippet: 'Let us meet at the café at noon. Bring the plans.',
          flagged: true,
          hasAttachments: true,
        });
        expect(multi.size).toBeGreaterThan(500);
        expect(r.sink.bySubject('INBOX', 'Newsletter')!.snippet).toBe('Größte news of the week');
        const broken = r.sink.list('INBOX').find((m) => m.internetMessageId === null)!;
        expect(broken).toBeDefined();
        expect(Number.isNaN(broken.date.getTime())).toBe(false);

        // Reading never set \Seen, nor did the raw fetch.
        const mime = await reader.fetchMime(r.credentials, r.sink.folderByPath.get('INBOX')!, root.remoteId);
        expect(mime.toString()).toContain('Numbers attached soon.');
        expect(await serverFlags(other, 'INBOX')).toEqual(flagsBefore);

        // New mail through IDLE, as new mail, within about a second.
        const sentAt = Date.now();
        await dovecot.deliver(user.email, plainMime({ id: '<live-1@fabrikam.example>', subject: 'Arrived live' }));
        await r.sink.waitFor(() => r.sink.bySubject('INBOX', 'Arrived live') !== undefined, 3_000, 'the new message');
        const latency = Date.now() - sentAt;
        expect(latency).toBeLessThan(2_000);
        expect(r.sink.callsOf('messages').filter((c) => c.newMail).flatMap((c) => c.remoteIds)).toEqual([r.sink.bySubject('INBOX', 'Arrived live')!.remoteId]);

        // Another client marks one read and expunges another.
        await other.mailboxOpen('INBOX');
        await other.messageFlagsAdd(root.remoteId, ['\\Seen'], { uid: true });
        await r.sink.waitFor(() => r.sink.bySubject('INBOX', 'Quarterly numbers')?.unread === false, 4_000, 'the flag change');
        await other.messageDelete(r.sink.bySubject('INBOX', 'Newsletter')!.remoteId, { uid: true });
        await r.sink.waitFor(() => r.sink.bySubject('INBOX', 'Newsletter') === undefined, 4_000, 'the expunge');
        expect(r.sink.callsOf('removed').flatMap((c) => c.remoteIds)).toHaveLength(1);
      } finally {
        await other.logout();
        const stopMs = await r.stop();
        expect(stopMs).toBeLessThan(1_500);
        await reader.close();
      }
      expect(r.failure()).toBeUndefined();
    });

    it('writes flags back and moves, with the new UID from COPYUID', async () => {
      const user = await env.user();
      const { dovecot } = d;
      await dovecot.deliver(user.email, plainMime({ id: '<ops-1@fabrikam.example>', subject: 'To be read' }));
      await dovecot.deliver(user.email, plainMime({ id: '<ops-2@fabrikam.example>', subject: 'To be archived' }));
      const reader = readerFor(dovecot.port);
      const r = running(reader, user);
      const other = await otherClient(dovecot.port, user);
      try {
        await r.sink.waitFor(() => r.sink.callsOf('synced').length > 0, 10_000, 'the first pass');
        const inbox = r.sink.folderByPath.get('INBOX')!;
        const archive = r.sink.folderByPath.get(dovecot.folders.archive.name)!;
        expect(archive.role).toBe('archive');
        const [read, archived] = r.sink.list('INBOX');
        await reader.setFlags(r.credentials, inbox, read!.remoteId, { unread: false, flagged: true });
        expect((await serverFlags(other, 'INBOX')).get(Number(read!.remoteId))).toEqual(['\\Flagged', '\\Seen']);
        await reader.setFlags(r.credentials, inbox, read!.remoteId, { flagged: false });
        expect((await serverFlags(other, 'INBOX')).get(Number(read!.remoteId))).toEqual(['\\Seen']);
        const newUid = await reader.move(r.credentials, inbox, archived!.remoteId, archive);
        expect(newUid).toMatch(/^\d+$/);
        const inArchive = await serverFlags(other, archive.remoteId);
        expect([...inArchive.keys()]).toEqual([Number(newUid)]);
        // The running sync sees it leave the inbox and land in the archive.
        await r.sink.waitFor(() => r.sink.list('INBOX').length === 1 && r.sink.list(archive.remoteId).length === 1, 6_000, 'the move in the sync');
        expect(r.sink.list(archive.remoteId)[0]!.remoteId).toBe(newUid);
      } finally {
        await other.logout();
        await r.stop();
        await reader.close();
      }
    });
  });
}

describe('sign-in and UIDVALIDITY', () => {
  const d = useDovecot(false);

  it('refreshes a refused token once, then gives MailboxLoginRefusedError with the server\'s text', async () => {
    const user = await env.user({ imapDisabled: true });
    const reader = readerFor(d.dovecot.port);
    const { credentials, calls } = credentialsFor(user);
    const error = await reader.run(credentials, new MemoryMailboxSink(), new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailboxLoginRefusedError);
    expect(error).toMatchObject({ diagnosis: 'imap_disabled', microsoftText: expect.stringMatching(/authentication failed/i) });
    expect(calls).toEqual([undefined, user.token]);
  });

  it('reads a folder again after its UIDVALIDITY changed, without calling it new mail', async () => {
    const user = await env.user();
    const { dovecot } = d;
    await dovecot.deliver(user.email, plainMime({ id: '<p-1@fabrikam.example>', subject: 'Project one' }), { folder: 'Projects' });
    await dovecot.deliver(user.email, plainMime({ id: '<p-2@fabrikam.example>', subject: 'Project two' }), { folder: 'Projects' });
    const reader = readerFor(dovecot.port);
    const first = running(reader, user);
    await first.sink.waitFor(() => first.sink.callsOf('synced').length > 0, 10_000, 'the first pass');
    expect(first.sink.list('Projects').map((m) => m.subject)).toEqual(['Project one', 'Project two']);
    await first.stop();

    // The folder is made anew: same name, a new UIDVALIDITY, UIDs starting over.
    const other = await otherClient(dovecot.port, user);
    await other.mailboxDelete('Projects');
    await other.mailboxCreate('Projects');
    await other.append('Projects', plainMime({ id: '<p-3@fabrikam.example>', subject: 'Project three' }));
    await other.logout();

    const second = running(reader, user);
    // The same stored state, as the core would hand it over.
    for (const [path, folder] of first.sink.folderByPath) second.sink.folderByPath.set(path, folder);
    for (const [path, box] of first.sink.messagesByPath) second.sink.messagesByPath.set(path, new Map(box));
    try {
      await second.sink.waitFor(() => second.sink.callsOf('synced').length > 0, 10_000, 'the second pass');
      expect(second.sink.callsOf('reset').map((c) => c.folder)).toEqual(['Projects']);
      expect(second.sink.list('Projects').map((m) => m.subject)).toEqual(['Project three']);
      expect(second.sink.callsOf('messages').filter((c) => c.newMail)).toEqual([]);
    } finally {
      await second.stop();
      await reader.close();
    }
  });
});

// Production-like liveness (120 s): a hang of the IDLE loop is not hidden by a reconnection.
// Each IDLE round is ended by the clock (idleMs, a third of the liveness time being longer), so
// the round that follows new mail is one the clock ends: the loop must go on from there.
describe('the IDLE loop with production-like liveness', () => {
  const d = useDovecot(true);
  const IDLE_MS = 1_500;
  const LIVENESS_MS = 120_000;

  const newMail = (r: ReturnType<typeof running>) => r.sink.callsOf('messages').filter((c) => c.newMail && c.folder === 'INBOX').flatMap((c) => c.remoteIds);
  const arrives = async (r: ReturnType<typeof running>, deliver: () => Promise<unknown>, subject: string, folder = 'INBOX'): Promise<number> => {
    const at = Date.now();
    await deliver();
    await r.sink.waitFor(() => r.sink.bySubject(folder, subject) !== undefined, 10_000, subject);
    return Date.now() - at;
  };

  it('keeps IDLE-ing after new inbox mail, and its periodic check still finds mail in the other folders', async () => {
    const user = await env.user();
    const { dovecot } = d;
    const sent = dovecot.folders.sent.name;
    const inbox = (n: number) => () => dovecot.deliver(user.email, plainMime({ id: `<live-${n}@fabrikam.example>`, subject: `Live ${n}` }));
    const reader = readerFor(dovecot.port, { idleMs: IDLE_MS, livenessMs: LIVENESS_MS });
    const r = running(reader, user);
    try {
      await r.sink.waitFor(() => r.sink.callsOf('synced').length > 0, 10_000, 'the first pass');
      expect(await arrives(r, inbox(1), 'Live 1')).toBeLessThan(2_000);
      // Past a clock-ended round (and a periodic check) after the new mail: IDLE goes on.
      const checks = r.sink.callsOf('synced').length;
      await r.sink.waitFor(() => r.sink.callsOf('synced').length > checks, 4 * IDLE_MS + 2_000, 'a periodic check after new mail');
      // A folder IDLE does not watch: found by the next periodic check (every 3 rounds).
      const sentMs = await arrives(r, () => dovecot.deliver(user.email, plainMime({ id: '<out-1@contoso.example>', subject: 'Out 1' }), { folder: sent, flags: ['\\Seen'] }), 'Out 1', sent);
      expect(sentMs).toBeLessThan(3 * IDLE_MS + 2_000);
      expect(await arrives(r, inbox(2), 'Live 2')).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS + 500));
      expect(await arrives(r, inbox(3), 'Live 3')).toBeLessThan(2_000);
      // And the periodic check keeps running after those too.
      const later = r.sink.callsOf('synced').length;
      await r.sink.waitFor(() => r.sink.callsOf('synced').length > later, 4 * IDLE_MS + 2_000, 'a periodic check after more new mail');
      expect(newMail(r)).toEqual(['Live 1', 'Live 2', 'Live 3'].map((s) => r.sink.bySubject('INBOX', s)!.remoteId));
      expect(r.sink.list(sent).map((m) => m.subject)).toEqual(['Out 1']);
      expect(r.sink.callsOf('reconnecting')).toEqual([]);
    } finally {
      await r.stop();
      await reader.close();
    }
    expect(r.failure()).toBeUndefined();
  }, 40_000);

  it('picks up inbox mail that arrives during a periodic check (not in IDLE) at once', async () => {
    const user = await env.user();
    const { dovecot } = d;
    const sent = dovecot.folders.sent.name;
    const reader = readerFor(dovecot.port, { idleMs: IDLE_MS, livenessMs: LIVENESS_MS });
    const r = running(reader, user);
    // Once armed, the next periodic check delivers to the inbox after it synced "Sent Items"
    // (selected then, not the inbox) and before it tells the sink it is done.
    let armed = false;
    let deliveredAt = 0;
    const synced = r.sink.synced.bind(r.sink);
    r.sink.synced = async () => {
      if (armed && r.sink.list(sent).length > 0) {
        armed = false;
        await dovecot.deliver(user.email, plainMime({ id: '<mid-check@fabrikam.example>', subject: 'Mid check' }));
        deliveredAt = Date.now();
      }
      await synced();
    };
    try {
      await r.sink.waitFor(() => r.sink.callsOf('synced').length > 0, 10_000, 'the first pass');
      armed = true;
      await dovecot.deliver(user.email, plainMime({ id: '<out-2@contoso.example>', subject: 'Out 2' }), { folder: sent, flags: ['\\Seen'] });
      await r.sink.waitFor(() => r.sink.bySubject('INBOX', 'Mid check') !== undefined, 3 * IDLE_MS + 4_000, 'the mail delivered mid-check');
      expect(deliveredAt).toBeGreaterThan(0);
      const call = r.sink.callsOf('messages').find((c) => c.folder === 'INBOX' && c.newMail)!;
      expect(call.at - deliveredAt).toBeLessThan(1_000);
      // The loop goes on: IDLE still brings the next message.
      const at = Date.now();
      await dovecot.deliver(user.email, plainMime({ id: '<after-check@fabrikam.example>', subject: 'After check' }));
      await r.sink.waitFor(() => r.sink.bySubject('INBOX', 'After check') !== undefined, 3_000, 'the mail after the check');
      expect(Date.now() - at).toBeLessThan(2_000);
      expect(r.sink.callsOf('reconnecting')).toEqual([]);
    } finally {
      await r.stop();
      await reader.close();
    }
  }, 40_000);
});
