import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../support/databases.js';
import { startStack, type Stack } from '../support/stack.js';
import type { IncomingMailMessage } from '../../server/src/core/mailbox/mail-message.js';

/**
 * Issue 11, the mailbox API on the real HTTP stack, on SQLite and PostgreSQL. Lists, search,
 * paging and access control read messages stored straight into our own database (an account
 * that is not linked, so no sync ever touches them). Reading, downloads, changes, replies and
 * forwards use a Graph account against the emulator: its message is put into the emulator's
 * mailbox and its envelope stored under the ids Graph gives (the Inbox's folder id, the
 * message's immutable id), so the body, flags and moves go through the real Graph reader.
 */
const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
const BOB = 'bob@contoso.example';

const HOSTILE_HTML = [
  '<html><head><base href="https://evil.example/"><style>body{background:url(https://evil.example/css.png)}</style></head><body>',
  '<p>Hello <b>Adele</b></p><script>alert(1)</script>',
  '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">click</a>',
  '<img src="https://tracker.example/pixel.gif" alt="pixel">',
  '<svg><script>alert(4)</script><circle r="1"/></svg>',
  '<div style="background-image:url(https://evil.example/bg.png);color:red">styled</div>',
  '<img src="cid:logo@contoso.example" alt="logo">',
  '<iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input name="p"></form>',
  '</body></html>',
].join('');

const LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** A multipart/related + mixed message: hostile HTML, a text part, an inline logo, a PDF and an HTML file. */
function hostileMime(messageId: string): string {
  const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `From: Megan Bowen <${MEGAN}>`,
    `To: Adele Vance <${ADELE}>`,
    `Cc: ${BOB}`,
    'Subject: Quarterly numbers',
    `Message-ID: <${messageId}>`,
    'References: <root-1@contoso.example>',
    'In-Reply-To: <root-1@contoso.example>',
    'Date: Mon, 01 Jul 2024 12:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed"',
    '',
    '--mixed',
    'Content-Type: multipart/related; boundary="related"',
    '',
    '--related',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello Adele, the numbers are attached.',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(HOSTILE_HTML),
    '--alt--',
    '--related',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <logo@contoso.example>',
    'Content-Disposition: inline; filename="logo.png"',
    '',
    b64(LOGO),
    '--related--',
    '--mixed',
    'Content-Type: application/pdf; name="report Q2.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="report Q2.pdf"',
    '',
    b64('%PDF-1.4 not really'),
    '--mixed',
    'Content-Type: text/html; name="page.html"',
    'Content-Disposition: attachment; filename="../page\\"x.html"',
    '',
    '<script>alert(5)</script>',
    '--mixed--',
    '',
  ].join('\r\n');
}

/** Headers that lie about their parts: a boundary never closed, a part's base64 broken, bytes that are not UTF-8. */
const MALFORMED_MIME = [
  `From: ${MEGAN}`,
  `To: ${ADELE}`,
  'Subject: broken',
  'Content-Type: multipart/mixed; boundary="never-there"',
  '',
  'Plain words before any boundary, which mail readers still show.',
  '',
].join('\r\n');

const envelope = (over: Partial<IncomingMailMessage> & { remoteId: string }): IncomingMailMessage => ({
  internetMessageId: `<${over.remoteId}@contoso.example>`,
  threadKey: over.remoteId,
  subject: `Subject ${over.remoteId}`,
  from: { address: MEGAN, name: 'Megan Bowen' },
  to: [{ address: ADELE }],
  cc: [],
  bcc: [],
  replyTo: [],
  date: new Date('2024-07-01T12:00:00Z'),
  unread: true,
  flagged: false,
  hasAttachments: false,
  size: 1000,
  snippet: '',
  inReplyTo: null,
  references: [],
  ...over,
});

describe.each(databases())('the mailbox API ($name)', (db) => {
  let s: Stack;
  let adele: string;
  let listing: string;
  let strangerKey: string;
  let folders: { inbox: string; archive: string; trash: string };

  const api = (method: string, path: string, body?: unknown, opts: { key?: string | null; lang?: string } = {}) => s.api(method, `/api/v1/accounts${path}`, body, opts);
  const now = () => new Date();

  /** Puts a message into Adele's emulated mailbox and stores its envelope as the sync would; Mailbridge's id. */
  async function graphMessage(mime: string, over: Partial<IncomingMailMessage> = {}): Promise<{ id: string; immutableId: string }> {
    const put = s.emulator.putMessage(ADELE, { mime });
    const [stored] = await s.mb.store.mailboxMessages.upsert(adele, folders.inbox, [envelope({ remoteId: put.immutableId, internetMessageId: `<${put.internetMessageId.replace(/^<|>$/g, '')}>`, ...over })], now());
    return { id: stored!.id, immutableId: put.immutableId };
  }

  const inEmulator = (immutableId: string) =>
    (['inbox', 'archive', 'deleteditems'] as const).flatMap((f) => s.emulator.messages(ADELE, f).map((m) => ({ folder: f, ...m }))).find((m) => m.immutableId === immutableId);

  beforeAll(async () => {
    s = await startStack(await db.options());
    adele = await s.linkedAccount(ADELE, [MEGAN, BOB]);
    // Graph's folder ids are the remote ids the Graph reader stores.
    const graphFolders = s.emulator.mailFolders(ADELE);
    const idOf = (name: string) => graphFolders.find((f) => f.displayName === name)!.id;
    const stored = await s.mb.store.mailboxFolders.upsert(
      adele,
      [
        { remoteId: idOf('Inbox'), parentRemoteId: null, name: 'Inbox', path: 'Inbox', role: 'inbox' },
        { remoteId: idOf('Archive'), parentRemoteId: null, name: 'Archive', path: 'Archive', role: 'archive' },
        { remoteId: idOf('Deleted Items'), parentRemoteId: null, name: 'Deleted Items', path: 'Deleted Items', role: 'trash' },
      ],
      now(),
    );
    folders = { inbox: stored[0]!.id, archive: stored[1]!.id, trash: stored[2]!.id };

    listing = (await s.createAccount('listing@contoso.example')).id;
    const u = await s.api('POST', '/api/v1/users', { email: 'stranger@contoso.example', name: 'Stranger', role: 'user' });
    strangerKey = (await s.api('POST', `/api/v1/users/${u.body.id}/api-keys`)).body.key;
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await db.cleanup();
  });

  it('reading is off by default; turning it on starts the first sync; the other calls need it on (409)', async () => {
    const off = await api('GET', `/${listing}/mailbox`);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ reading: false, status: 'off', done: 0, total: 0, lastSyncAt: null });
    const refused = await api('GET', `/${adele}/mailbox/folders`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/Reading is off/);
    expect((await api('GET', `/${adele}/mailbox/messages`)).status).toBe(409);
    // Not linked: nothing to read yet.
    expect((await api('PUT', `/${listing}/mailbox`, { reading: true })).body.error.code).toBe('not_linked');
    for (const bad of [{}, { reading: 'true' }, { reading: true, extra: 1 }]) {
      const r = await api('PUT', `/${adele}/mailbox`, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await api('GET', `/${adele}/mailbox`)).body.reading).toBe(false);

    const on = await api('PUT', `/${adele}/mailbox`, { reading: true });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ reading: true, done: 0, total: 0 });
    expect(on.body.diagnosis).toBeUndefined();
    expect(['initial_sync', 'synced']).toContain(on.body.status);
    expect((await api('GET', `/${adele}/mailbox/folders`)).status).toBe(200);
  });

  it('a grant without the read permission shows read_permission_missing, in the caller’s language', async () => {
    expect((await s.configureApp({ requestMailReadWrite: false })).status).toBe(200);
    try {
      const id = (await s.createAccount(MEGAN)).id;
      expect((await s.link(id, MEGAN)).html).toContain('Linking successful!');
      const r = await api('PUT', `/${id}/mailbox`, { reading: true }, { lang: 'es' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ reading: true, status: 'error', diagnosis: { code: 'read_permission_missing' } });
      expect(r.body.diagnosis.fix).toMatch(/vincula|vincular|enlaza/i);
      expect((await api('GET', `/${id}/mailbox`)).body.diagnosis.code).toBe('read_permission_missing');
    } finally {
      await s.configureApp({ requestMailReadWrite: true });
    }
  });

  describe('lists, filters, search and paging (stored messages)', () => {
    let ids: Record<string, string>;
    let inbox: string;
    let archive: string;

    beforeAll(async () => {
      await s.mb.store.mailboxState.update(listing, { reading: true, status: 'synced', lastSyncAt: now() }, now());
      const [i, a] = await s.mb.store.mailboxFolders.upsert(listing, [
        { remoteId: 'INBOX', parentRemoteId: null, name: 'Inbox', path: 'Inbox', role: 'inbox' },
        { remoteId: 'Archive/2024', parentRemoteId: null, name: '2024', path: 'Archive/2024', role: null },
      ], now());
      inbox = i!.id;
      archive = a!.id;
      const day = (d: number) => new Date(Date.UTC(2024, 6, d, 9));
      const inInbox = await s.mb.store.mailboxMessages.upsert(listing, inbox, [
        envelope({ remoteId: '1', date: day(1), subject: 'Factura de julio', snippet: 'Adjunto la factura', unread: false }),
        envelope({ remoteId: '2', date: day(2), subject: 'Lunch?', from: { address: 'Bob@Contoso.example' }, flagged: true }),
        envelope({ remoteId: '3', date: day(3), subject: 'Quarterly numbers', snippet: 'the report is attached', hasAttachments: true }),
        envelope({ remoteId: '4', date: day(4), subject: 'Re: Lunch?', from: { address: BOB }, unread: false }),
        envelope({ remoteId: '5', date: day(5), subject: 'Newsletter', snippet: 'Grüße aus Köln' }),
      ], now());
      const inArchive = await s.mb.store.mailboxMessages.upsert(listing, archive, [envelope({ remoteId: '6', date: day(6), subject: 'Old factura' })], now());
      ids = Object.fromEntries([...inInbox, ...inArchive].map((m) => [m.remoteId, m.id]));
      await s.mb.store.mailboxFolders.setCounts(inbox, { unread: 3, total: 5 }, now());
    });

    const subjects = (r: { body: any }) => (r.body.items as Array<{ subject: string }>).map((m) => m.subject);

    it('folders with their counts; messages newest first in the documented shape', async () => {
      const f = await api('GET', `/${listing}/mailbox/folders`);
      expect(f.status).toBe(200);
      expect(f.body.items).toEqual([
        { id: archive, name: '2024', path: 'Archive/2024', role: null, unread: 0, total: 0 },
        { id: inbox, name: 'Inbox', path: 'Inbox', role: 'inbox', unread: 3, total: 5 },
      ]);
      const all = await api('GET', `/${listing}/mailbox/messages`);
      expect(all.status).toBe(200);
      expect(subjects(all)).toEqual(['Old factura', 'Newsletter', 'Re: Lunch?', 'Quarterly numbers', 'Lunch?', 'Factura de julio']);
      expect(all.body.nextCursor).toBeNull();
      expect(all.body.items[3]).toEqual({
        id: ids['3'], folderId: inbox, threadId: '3', subject: 'Quarterly numbers', from: { address: MEGAN, name: 'Megan Bowen' }, to: [{ address: ADELE }], cc: [],
        date: '2024-07-03T09:00:00.000Z', unread: true, flagged: false, hasAttachments: true, size: 1000, snippet: 'the report is attached',
      });
    });

    it('filters by folder, unread, flagged, sender and dates; searches subject, sender and snippet', async () => {
      const q = async (query: string) => subjects(await api('GET', `/${listing}/mailbox/messages?${query}`));
      expect(await q(`folder=${archive}`)).toEqual(['Old factura']);
      expect(await q(`folder=${inbox}&unread=true`)).toEqual(['Newsletter', 'Quarterly numbers', 'Lunch?']);
      // A role names its folder too.
      expect(await q('folder=inbox&unread=true')).toEqual(['Newsletter', 'Quarterly numbers', 'Lunch?']);
      expect(await q('unread=false')).toEqual(['Re: Lunch?', 'Factura de julio']);
      expect(await q('flagged=true')).toEqual(['Lunch?']);
      expect(await q(`from=${encodeURIComponent('bob@contoso.EXAMPLE')}`)).toEqual(['Re: Lunch?', 'Lunch?']);
      expect(await q('since=2024-07-03T00:00:00Z&before=2024-07-05T00:00:00Z')).toEqual(['Re: Lunch?', 'Quarterly numbers']);
      expect(await q('q=factura')).toEqual(['Old factura', 'Factura de julio']);
      expect(await q('q=report')).toEqual(['Quarterly numbers']);
      expect(await q(`q=${encodeURIComponent('grüße')}`)).toEqual(['Newsletter']);
      expect(await q('q=lunch&folder=' + inbox)).toEqual(['Re: Lunch?', 'Lunch?']);
      expect(await q('q=nothing-like-this')).toEqual([]);
    });

    it('pages with an opaque cursor, each message once; bad filters and cursors are 400, an unknown folder 404', async () => {
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 5; i++) {
        const r = await api('GET', `/${listing}/mailbox/messages?limit=4&cursor=${cursor}`);
        expect(r.status).toBe(200);
        seen.push(...subjects(r));
        if (r.body.nextCursor === null) break;
        cursor = r.body.nextCursor;
      }
      expect(seen).toEqual(['Old factura', 'Newsletter', 'Re: Lunch?', 'Quarterly numbers', 'Lunch?', 'Factura de julio']);
      for (const bad of ['unread=1', 'since=yesterday', 'folder=INBOX%2F1', 'limit=0', 'cursor=abc', 'sort=date', `q=${'x'.repeat(201)}`]) {
        const r = await api('GET', `/${listing}/mailbox/messages?${bad}`);
        expect(r.status, bad).toBe(400);
        expect(r.body.error.code).toBe('invalid_request');
      }
      const unknown = await api('GET', `/${listing}/mailbox/messages?folder=nosuchfolder`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/GET \/accounts\/\{id\}\/mailbox\/folders, or a role \(inbox, sent/);
    });

    it("another user's mailbox answers 404 on every call, and changes nothing", async () => {
      const m = `/${listing}/mailbox/messages/${ids['3']}`;
      const calls: Array<[string, string, unknown?]> = [
        ['GET', `/${listing}/mailbox`], ['PUT', `/${listing}/mailbox`, { reading: false }], ['GET', `/${listing}/mailbox/folders`], ['GET', `/${listing}/mailbox/messages`],
        ['GET', m], ['GET', `${m}/raw`], ['GET', `${m}/attachments/a0`], ['PATCH', m, { unread: false }], ['DELETE', m],
        ['POST', `${m}/reply`, { text: 'hi' }], ['POST', `${m}/forward`, { to: BOB }],
      ];
      for (const [method, path, body] of calls) {
        const r = await api(method, path, body, { key: strangerKey });
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.body.error.code).toBe('not_found');
      }
      expect((await api('GET', `/${listing}/mailbox`)).body.reading).toBe(true);
      expect((await s.mb.store.mailboxMessages.get({ id: ids['3']! }))!.unread).toBe(true);
      // Another account's message through this account's path: 404 as well.
      expect((await api('GET', `/${adele}/mailbox/messages/${ids['3']}`)).status).toBe(404);
      expect((await api('GET', `/${listing}/mailbox/messages/${'x'.repeat(65)}`)).status).toBe(400);
    });

    it('turning reading off forgets what was stored of the mailbox', async () => {
      await s.mb.store.mailboxBodies.put(ids['1']!, Buffer.from('Subject: x\r\n\r\nbody'), now());
      const off = await api('PUT', `/${listing}/mailbox`, { reading: false });
      expect(off.status).toBe(200);
      expect(off.body).toEqual({ reading: false, status: 'off', done: 0, total: 0, lastSyncAt: null });
      expect(await s.mb.store.mailboxFolders.list(listing)).toEqual([]);
      expect(await s.mb.store.mailboxMessages.get({ id: ids['1']! })).toBeNull();
      expect(await s.mb.store.mailboxBodies.get(ids['1']!, now())).toBeNull();
      expect((await api('GET', `/${listing}/mailbox/messages`)).status).toBe(409);
    });
  });

  describe('reading, downloading and changing a message through the Graph reader', () => {
    let hostile: { id: string; immutableId: string };
    const path = () => `/${adele}/mailbox/messages/${hostile.id}`;

    beforeAll(async () => {
      hostile = await graphMessage(hostileMime('q2-numbers@contoso.example'), {
        subject: 'Quarterly numbers', cc: [{ address: BOB }], hasAttachments: true, inReplyTo: '<root-1@contoso.example>', references: ['<root-1@contoso.example>'],
      });
    });

    it('shows hostile HTML without anything that runs or loads; remote images only when asked; inline images by their attachment URL', async () => {
      const r = await api('GET', path());
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const html: string = r.body.html;
      expect(html).toContain('Hello <b>Adele</b>');
      expect(html).toContain('styled');
      for (const banned of [/<script/i, /onerror/i, /javascript:/i, /<base/i, /<svg/i, /url\(/i, /<iframe/i, /<form/i, /<input/i, /<style/i, /tracker\.example/, /evil\.example/, /alert\(/]) {
        expect(html, String(banned)).not.toMatch(banned);
      }
      expect(r.body.remoteImagesBlocked).toBe(true);
      expect(r.body.text).toContain('the numbers are attached');
      expect(r.body).toMatchObject({ subject: 'Quarterly numbers', unread: true, internetMessageId: '<q2-numbers@contoso.example>', inReplyTo: '<root-1@contoso.example>', references: ['<root-1@contoso.example>'] });
      const byName = Object.fromEntries((r.body.attachments as any[]).map((a) => [a.filename, a]));
      expect(byName['logo.png']).toMatchObject({ contentType: 'image/png', inline: true, contentId: 'logo@contoso.example', size: LOGO.length });
      expect(byName['report Q2.pdf']).toMatchObject({ contentType: 'application/pdf', inline: false, contentId: null });
      expect(html).toContain(`src="${s.url}/api/v1/accounts/${adele}/mailbox/messages/${hostile.id}/attachments/${byName['logo.png'].id}"`);

      const allowed = await api('GET', `${path()}?images=allow`);
      expect(allowed.body.html).toContain('src="https://tracker.example/pixel.gif"');
      expect(allowed.body.html).not.toMatch(/javascript:|<script|onerror|evil\.example/i);
      expect((await api('GET', `${path()}?images=yes`)).status).toBe(400);
      expect((await api('GET', `${path()}?image=allow`)).status).toBe(400);

      // Opening it changed no flag, here or in the mailbox.
      expect((await s.mb.store.mailboxMessages.get({ id: hostile.id }))!.unread).toBe(true);
      expect(inEmulator(hostile.immutableId)!.message.isRead).not.toBe(true);
    });

    it('downloads attachments and the raw message as attachments, never rendered', async () => {
      const detail = (await api('GET', path())).body;
      const byName = Object.fromEntries((detail.attachments as any[]).map((a) => [a.filename, a]));
      const get = (p: string) => fetch(`${s.url}/api/v1/accounts${p}`, { headers: { authorization: `Bearer ${s.adminKey}` } });

      const pdf = await get(`${path()}/attachments/${byName['report Q2.pdf'].id}`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="report Q2.pdf"; filename*=UTF-8''report%20Q2.pdf`);
      expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await pdf.arrayBuffer()).toString()).toBe('%PDF-1.4 not really');

      const page = await get(`${path()}/attachments/${byName['../page"x.html']?.id ?? (detail.attachments as any[]).find((a) => a.contentType === 'text/html').id}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('application/octet-stream');
      expect(page.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"/\\]+"; filename\*=UTF-8''/);
      expect(page.headers.get('content-security-policy')).toContain('sandbox');

      const logo = await get(`${path()}/attachments/${byName['logo.png'].id}`);
      expect(Buffer.from(await logo.arrayBuffer()).equals(LOGO)).toBe(true);
      expect((await get(`${path()}/attachments/a99`)).status).toBe(404);
      expect((await get(`${path()}/attachments/..%2Fa0`)).status).toBe(400);

      const raw = await get(`${path()}/raw`);
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toBe('message/rfc822');
      expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="message-${hostile.id}.eml"; filename*=UTF-8''message-${hostile.id}.eml`);
      expect(await raw.text()).toBe(hostileMime('q2-numbers@contoso.example'));
    });

    it('shows malformed MIME as text', async () => {
      const broken = await graphMessage(MALFORMED_MIME, { subject: 'broken' });
      const r = await api('GET', `/${adele}/mailbox/messages/${broken.id}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.text).toContain('Plain words before any boundary');
      expect(r.body.html).toBeNull();
    });

    it('PATCH writes flags and moves to the mailbox, then to the store; DELETE moves to the trash', async () => {
      const m = await graphMessage(hostileMime('patch-me@contoso.example'), { subject: 'Patch me' });
      const p = `/${adele}/mailbox/messages/${m.id}`;
      for (const bad of [{}, { unread: 'no' }, { folderId: 'Inbox/1' }, { unread: false, seen: true }]) expect((await api('PATCH', p, bad)).status, JSON.stringify(bad)).toBe(400);
      expect((await api('PATCH', p, { folderId: 'nosuchfolder' })).status).toBe(404);
      expect(inEmulator(m.immutableId)!.folder).toBe('inbox');

      const read = await api('PATCH', p, { unread: false, flagged: true });
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body).toMatchObject({ id: m.id, unread: false, flagged: true, folderId: folders.inbox });
      expect(inEmulator(m.immutableId)!.message).toMatchObject({ isRead: true, flag: { flagStatus: 'flagged' } });

      const moved = await api('PATCH', p, { folderId: folders.archive });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({ id: m.id, folderId: folders.archive });
      expect(inEmulator(m.immutableId)?.folder ?? s.emulator.messages(ADELE, 'archive').length).not.toBe('inbox');
      expect((await api('GET', `/${adele}/mailbox/messages?folder=${folders.archive}`)).body.items.map((x: any) => x.id)).toContain(m.id);

      const deleted = await api('DELETE', p);
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
      expect(deleted.body).toMatchObject({ id: m.id, folderId: folders.trash });
      expect(s.emulator.messages(ADELE, 'deleteditems').some((x) => x.internetMessageId === '<patch-me@contoso.example>')).toBe(true);
      // Already in the trash: it stays.
      expect((await api('DELETE', p)).body).toMatchObject({ id: m.id, folderId: folders.trash });
    });
  });

  describe('reply and forward, through the outbox', () => {
    let original: { id: string; immutableId: string };
    const queuedIds: string[] = [];
    const queued = async (id: string) => (await s.mb.store.outbox.get(id, { withContent: true }))!;

    beforeAll(async () => {
      // What is queued is read before it is sent (an accepted message keeps no content): the
      // worker waits until the last test.
      await s.mb.worker?.stop(0);
      original = await graphMessage(hostileMime('reply-to-me@contoso.example'), {
        subject: 'Quarterly numbers', cc: [{ address: BOB }], to: [{ address: ADELE }], inReplyTo: '<root-1@contoso.example>', references: ['<root-1@contoso.example>'], hasAttachments: true,
      });
    });

    it('replies to the sender with Re:, In-Reply-To, References and the quoted original; 202 like a send; Idempotency-Key honoured', async () => {
      const p = `/${adele}/mailbox/messages/${original.id}/reply`;
      for (const bad of [{}, { all: true }, { text: 1 }, { text: 'x', to: BOB }]) expect((await api('POST', p, bad)).status, JSON.stringify(bad)).toBe(400);
      const before = (await api('GET', `/${adele}/outbox`)).body.items.length;

      const send = (body: unknown, key: string) =>
        fetch(`${s.url}/api/v1/accounts${p}`, { method: 'POST', headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
      const r = await send({ text: 'Thanks, Megan.', html: '<p>Thanks, Megan.</p>' }, 'reply-1');
      expect(r.status).toBe(202);
      const body = await r.json();
      expect(body).toEqual({ id: expect.any(String), status: 'queued' });
      const again = await send({ text: 'Thanks, Megan.', html: '<p>Thanks, Megan.</p>' }, 'reply-1');
      expect((await again.json()).id).toBe(body.id);
      expect((await send({ text: 'Something else' }, 'reply-1')).status).toBe(409);
      expect((await api('GET', `/${adele}/outbox`)).body.items.length).toBe(before + 1);

      const m = (await queued(body.id)).content!;
      expect(m.kind).toBe('message');
      if (m.kind !== 'message') return;
      expect(m.message.to).toEqual([{ address: MEGAN, name: 'Megan Bowen' }]);
      expect(m.message.cc).toEqual([]);
      expect(m.message.subject).toBe('Re: Quarterly numbers');
      expect(m.message.headers).toEqual({ 'In-Reply-To': '<reply-to-me@contoso.example>', References: '<root-1@contoso.example> <reply-to-me@contoso.example>' });
      expect(m.message.respondsTo).toEqual({ kind: 'reply', remoteId: original.immutableId });
      expect(m.message.text).toMatch(/^Thanks, Megan\.\n\nOn .+, Megan Bowen <megan@contoso\.example> wrote:\n> Hello Adele, the numbers are attached\.\n$/);
      expect(m.message.html).toContain('<blockquote type="cite"');
      expect(m.message.html).toContain('Hello <b>Adele</b>');
      expect(m.message.html).not.toMatch(/<script|onerror|javascript:|evil\.example|tracker\.example/i);
      queuedIds.push(body.id);
    });

    it('replies to all, leaving the mailbox itself out', async () => {
      const r = await api('POST', `/${adele}/mailbox/messages/${original.id}/reply`, { all: true, text: 'All of you' });
      expect(r.status).toBe(202);
      const m = (await queued(r.body.id)).content!;
      if (m.kind !== 'message') throw new Error('not a message');
      expect(m.message.to.map((a) => a.address)).toEqual([MEGAN]);
      expect(m.message.cc.map((a) => a.address)).toEqual([BOB]);
      expect(m.message.respondsTo).toEqual({ kind: 'replyAll', remoteId: original.immutableId });
      queuedIds.push(r.body.id);
    });

    it('forwards with Fwd:, the quoted original and its files', async () => {
      const p = `/${adele}/mailbox/messages/${original.id}/forward`;
      for (const bad of [{}, { to: 'not an address' }, { to: [] }, { to: BOB, all: true }]) expect((await api('POST', p, bad)).status, JSON.stringify(bad)).toBe(400);
      const r = await api('POST', p, { to: BOB, text: 'FYI' });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const m = (await queued(r.body.id)).content!;
      if (m.kind !== 'message') throw new Error('not a message');
      expect(m.message.to).toEqual([{ address: BOB }]);
      expect(m.message.subject).toBe('Fwd: Quarterly numbers');
      expect(m.message.text).toMatch(/^FYI\n\n---------- Forwarded message ---------\nFrom: Megan Bowen <megan@contoso\.example>\n/);
      expect(m.message.text).toContain('Hello Adele, the numbers are attached.');
      expect(m.message.html).not.toMatch(/<script|onerror|javascript:|evil\.example/i);
      expect(m.message.respondsTo).toEqual({ kind: 'forward', remoteId: original.immutableId });
      // Graph's createForward draft carries the original's files; an SMTP forward carries them itself.
      expect(m.message.attachments).toEqual([]);
      queuedIds.push(r.body.id);
    });

    it('the replies and the forward are sent and arrive', async () => {
      expect(queuedIds).toHaveLength(3);
      s.mb.worker?.start();
      for (const id of queuedIds) {
        const sent = await s.waitForMessage(id);
        expect(sent.status, JSON.stringify(sent)).toBe('accepted');
      }
      const subjects = (who: string) => s.emulator.messages(who, 'inbox').map((m) => m.message.subject);
      expect(subjects(MEGAN).filter((x) => x === 'Re: Quarterly numbers')).toHaveLength(2);
      expect(subjects(BOB)).toContain('Re: Quarterly numbers');
      expect(subjects(BOB)).toContain('Fwd: Quarterly numbers');
    });
  });
});
