import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page, Route } from 'playwright-core';
import { axeSerious, shot } from '../support/chromium.js';
import { ADMIN_EMAIL, errorsOf, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { MAIL_FRAME_SANDBOX as SERVER_SANDBOX, mailFrameCsp } from '../../server/src/platform/mail-html/mail-frame-csp.js';
import { mailFrameDocument } from '../../server/src/platform/mail-html/mail-frame-document.js';
import { MAIL_FRAME_SANDBOX } from '../../web/src/pages/mailbox/mail-frame-policy.js';

/**
 * Issue 11, the mailbox page, in Chromium. Two parts:
 * - the page against a stand-in for the mailbox API (answered inside the browser with
 *   page.route), so the page, its keyboard use, its labels and the message frame's walls are
 *   checked whatever the sync engine does — including hostile HTML the sanitizer let through;
 * - end to end: a Graph account linked against the emulator, messages put in its mailbox through
 *   the emulator's control API, reading turned on from the page, then read, answered and sorted.
 */

const ANA = 'ana@contoso.example';
const MEGAN = 'megan@contoso.example';
/** A 2×1 PNG, base64: an inline image (cid:) of a message. */
const LOGO_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGP4z8DA8J8BAAf/Af8Bf4mnAAAAAElFTkSuQmCC';

/** A local listener standing in for every remote host a message names: any request it sees was loaded. */
async function startListener(): Promise<{ server: Server; origin: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/gif', 'access-control-allow-origin': '*' });
    res.end(Buffer.from('R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=', 'base64'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, origin: `http://127.0.0.1:${port}`, hits };
}

/**
 * A remote host answered inside the browser (page.route), for the page against the stand-in API:
 * any request for it was loaded. Not the loopback listener: the stand-in's frame document has no
 * address of its own (it is answered by the test), so Chromium's Local Network Access counts it
 * as public and refuses its requests to loopback, which a real Mailbridge on loopback (the end to
 * end part) or a real remote host never meet.
 */
function fakeRemote() {
  const hits: string[] = [];
  const origin = 'http://remote.example';
  const route = (p: Page) =>
    p.route((url) => url.origin === origin, (r) => {
      const url = new URL(r.request().url());
      hits.push(url.pathname + url.search);
      return r.fulfill({ status: 200, contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=', 'base64') });
    });
  return { origin, hits, route };
}

/** A message meant to run script or load something in every way the issue lists; `R` is the remote host. */
const hostileHtml = (R: string) => `
<base href="${R}/base/">
<meta http-equiv="refresh" content="0;url=${R}/refresh">
<link rel="stylesheet" href="${R}/stylesheet">
<p id="greeting">Hello from a hostile sender</p>
<script>document.body.setAttribute('data-pwned', 'script'); parent.__mbPwned = 'script'; fetch('${R}/script');</script>
<img src="data:," onerror="document.body.setAttribute('data-pwned', 'onerror'); parent.__mbPwned = 'onerror'">
<img id="remote" src="${R}/remote.gif" alt="remote" width="1" height="1">
<a id="js-link" href="javascript:document.body.setAttribute('data-pwned','js-link');parent.__mbPwned='js-link'">click me</a>
<img src="relative-to-base.gif" alt="relative">
<svg onload="document.body.setAttribute('data-pwned','svg-onload')"><script>document.body.setAttribute('data-pwned','svg-script');parent.__mbPwned='svg'</script></svg>
<iframe src="${R}/iframe"></iframe>
<object data="${R}/object"></object>
<form action="${R}/form"><button id="form-button">Go</button></form>
<style>@import url("${R}/import.css"); @font-face { font-family: tracker; src: url("${R}/font.woff"); }
#greeting { font-family: tracker; background-image: url("${R}/css-bg.gif"); }</style>
<div id="inline-bg" style="background: url('${R}/inline-bg.gif'); width: 10px; height: 10px"></div>
<div id="overlay" style="position: fixed; bottom: 0; left: 0; width: 100vw; height: 3em; z-index: 2147483647; background: white; pointer-events: none">Your session expired: sign in again</div>`;

/** What the hostile message may load once its images are allowed: images, whether tags or CSS backgrounds; never a stylesheet, font or anything else. */
const IMAGE_HITS = ['/remote.gif', '/css-bg.gif', '/inline-bg.gif'];

/** The page's own frame-independent signs that something ran. */
async function nothingRan(page: Page, frame: Frame) {
  expect(await page.evaluate(() => (window as unknown as { __mbPwned?: string }).__mbPwned)).toBeUndefined();
  expect(await frame.locator('body').getAttribute('data-pwned')).toBeNull();
}

describe('the mail frame policy of the page is the server\'s', () => {
  it("the frame's sandbox attribute is the sandbox of the frame document's CSP, images blocked and allowed", () => {
    expect(MAIL_FRAME_SANDBOX).toBe(SERVER_SANDBOX);
    for (const imagesAllowed of [false, true]) expect(mailFrameCsp({ imagesAllowed }).split('; ')).toContain(`sandbox ${MAIL_FRAME_SANDBOX}`);
    expect(MAIL_FRAME_SANDBOX).not.toMatch(/allow-scripts|allow-same-origin|allow-forms|allow-top-navigation/);
  });
});

/**
 * The frame document as GET …/frame answers it (server/src/http/routes/mailbox/mail-frame-route.ts),
 * its body given as is: the stand-in does not sanitize, so the frame's CSP and sandbox alone
 * must hold hostile HTML.
 */
const frameAnswer = (route: Route, body: { html: string | null; text: string | null }, imagesAllowed: boolean) =>
  route.fulfill({
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': mailFrameCsp({ imagesAllowed }),
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
    body: mailFrameDocument(body),
  });

// ---------------------------------------------------------------------------------------------
// The page against a stand-in API.
// ---------------------------------------------------------------------------------------------

interface Call { method: string; path: string; query: string; body: unknown }

/** The mailbox API as the contract says, in memory, answering inside the browser. */
function fakeMailbox(remote: string) {
  const calls: Call[] = [];
  const state = { reading: false, status: 'off', done: 0, total: 0, lastSyncAt: null as string | null, diagnosis: undefined as unknown, reads: 0 };
  const folders = [
    { id: 'f-projects', name: 'Projects', path: 'Inbox/Projects', role: null, unread: 0, total: 0 },
    { id: 'f-trash', name: 'Deleted Items', path: 'Deleted Items', role: 'trash', unread: 0, total: 0 },
    { id: 'f-inbox', name: 'Inbox', path: 'Inbox', role: 'inbox', unread: 2, total: 3 },
    { id: 'f-sent', name: 'Sent Items', path: 'Sent Items', role: 'sent', unread: 0, total: 0 },
    { id: 'f-archive', name: 'Archive', path: 'Archive', role: 'archive', unread: 0, total: 0 },
  ];
  const summary = (id: string, subject: string, unread: boolean, date: string, extra: Record<string, unknown> = {}) => ({
    id, folderId: 'f-inbox', threadId: `t-${id}`, subject, from: { name: 'Megan Bowen', address: MEGAN }, to: [{ address: ANA }], cc: [],
    date, unread, flagged: false, hasAttachments: false, size: 1234, snippet: `About ${subject.toLowerCase()}`, ...extra,
  });
  const messages = [
    summary('m-hostile', 'Hostile newsletter', true, '2025-03-03T09:00:00Z'),
    summary('m-invoice', 'Invoice 42', true, '2025-03-02T09:00:00Z', { hasAttachments: true, flagged: true }),
    summary('m-plain', 'Plain text only', false, '2025-03-01T09:00:00Z'),
    // Ana's answer, in Sent Items: the invoice's conversation spans two folders.
    summary('m-reply', 'Re: Invoice 42', false, '2025-03-02T10:00:00Z', { folderId: 'f-sent', threadId: 't-m-invoice', from: { name: 'Ana', address: ANA }, to: [{ address: MEGAN }] }),
  ];
  const detail = (m: (typeof messages)[number], images: boolean) => ({
    ...m, replyTo: [], bcc: [], internetMessageId: `<${m.id}@contoso.example>`, inReplyTo: null, references: [],
    text: m.id === 'm-plain' ? 'Line one\n  <b>not bold</b>\nLine three' : 'text version',
    html: m.id === 'm-plain' ? null : m.id === 'm-hostile' ? hostileHtml(remote) : '<p style="color: rgb(200, 0, 0)">Please find the invoice attached.</p>',
    remoteImagesBlocked: m.id === 'm-hostile' && !images,
    attachments: m.hasAttachments
      ? [
          { id: 'a-1', filename: 'invoice-42.pdf', contentType: 'application/pdf', size: 20480, inline: false, contentId: null },
          { id: 'a-2', filename: 'note.txt', contentType: 'text/plain', size: 17, inline: false, contentId: null },
          { id: 'a-3', filename: 'scan.png', contentType: 'image/png', size: 1572864, inline: false, contentId: null },
        ]
      : [],
  });
  const failNext: { action?: string } = {};

  const json = (route: Route, status: number, body?: unknown) =>
    route.fulfill({ status, contentType: 'application/json', body: body === undefined ? '' : JSON.stringify(body) });

  const handler = async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    const path = url.pathname.replace(/^\/api\/v1\/accounts\/[^/]+\/mailbox/, '');
    const body = req.postData() ? req.postDataJSON() : undefined;
    calls.push({ method: req.method(), path, query: url.search, body });
    if (path === '' && req.method() === 'GET') {
      state.reads++;
      // The first sync runs for one read of the state, then it is done.
      if (state.status === 'initial_sync' && state.reads > 1) Object.assign(state, { status: 'synced', done: 3, lastSyncAt: '2025-03-03T09:05:00Z' });
      const { reads: _r, ...view } = state;
      return json(route, 200, view);
    }
    if (path === '' && req.method() === 'PUT') {
      const reading = (body as { reading: boolean }).reading;
      Object.assign(state, reading ? { reading, status: 'initial_sync', done: 1, total: 3, reads: 0 } : { reading, status: 'off', done: 0, total: 0 });
      const { reads: _r, ...view } = state;
      return json(route, 200, view);
    }
    if (path === '/folders') return json(route, 200, { items: folders });
    if (path === '/messages') {
      const q = url.searchParams.get('q');
      const folder = url.searchParams.get('folder');
      const thread = url.searchParams.get('thread');
      let list = messages.filter((m) => (q ? m.subject.toLowerCase().includes(q.toLowerCase()) : thread ? m.threadId === thread : m.folderId === folder));
      // Two to a page, whatever limit the page asks for, so paging shows.
      const start = url.searchParams.get('cursor') === 'page-2' ? 2 : 0;
      const next = !q && !thread && start === 0 && list.length > 2 ? 'page-2' : null;
      list = list.slice(start, start + 2);
      return json(route, 200, { items: list, nextCursor: next });
    }
    const one = /^\/messages\/([^/]+)(\/(reply|forward|frame))?$/.exec(path);
    const m = one ? messages.find((x) => x.id === one[1]) : undefined;
    if (!one || !m) return json(route, 404, { error: { code: 'not_found', message: 'No such message' } });
    const action = `${req.method()} ${one[3] ?? ''}`.trim();
    if (failNext.action === action) {
      failNext.action = undefined;
      return json(route, 502, {
        error: { code: 'provider_rejected', message: 'Microsoft refused it', diagnosis: { code: 'read_permission_missing', cause: 'The account may not change mail.', fix: 'Grant Mail.ReadWrite, then link again.' } },
      });
    }
    if (req.method() === 'GET' && one[3] === 'frame') {
      const images = url.searchParams.get('images') === 'allow';
      return frameAnswer(route, detail(m, images), images);
    }
    if (req.method() === 'GET') return json(route, 200, detail(m, url.searchParams.get('images') === 'allow'));
    if (req.method() === 'PATCH') {
      Object.assign(m, body);
      return json(route, 200, detail(m, false));
    }
    if (req.method() === 'DELETE') {
      m.folderId = 'f-trash';
      return json(route, 204);
    }
    return json(route, 202, { id: 'out-1', status: 'queued' });
  };
  return { calls, state, messages, failNext, handler };
}

describe('the mailbox page (browser, the mailbox API stood in for)', () => {
  let b: BrowserStack;
  let page: Page;
  const listener = fakeRemote();
  let fake: ReturnType<typeof fakeMailbox>;
  let accountId = '';

  const axeProblems = async (p: Page) => (await axeSerious(p)).map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  const item = (id: string) => page.locator(`[data-testid="mail-item"][data-message-id="${id}"]`);
  const frameOf = async (p: Page) => {
    const handle = await p.getByTestId('mail-frame').elementHandle();
    const frame = await handle!.contentFrame();
    await frame!.waitForLoadState();
    return frame!;
  };
  const lastCall = (method: string) => fake.calls.filter((c) => c.method === method).at(-1);
  const stub = async (p: Page) => {
    await listener.route(p);
    await p.route((url) => /^\/api\/v1\/accounts\/[^/]+\/mailbox/.test(url.pathname), fake.handler);
  };

  beforeAll(async () => {
    fake = fakeMailbox(listener.origin);
    b = await startBrowserStack();
    b.s.emulator.createUser({ email: ANA, tenantId: b.s.tenantId });
    expect((await b.s.configureApp()).status).toBe(200);
    const adminId = (await b.s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id as string;
    accountId = (await b.s.createAccount(ANA, { userId: adminId })).id;
    page = await (await b.context('en-US')).newPage();
    await stub(page);
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
  });

  it('is reached from the navigation; reading starts with the switch, showing the first sync and then the folders', async () => {
    await page.goto(`${b.s.url}/settings`);
    await page.getByTestId('nav-mailbox').click();
    await page.waitForURL((u) => u.pathname === '/mailbox');
    await expect.poll(() => page.getByTestId('mailbox-off').isVisible()).toBe(true);
    expect(await page.getByTestId('mailbox-account-email').textContent()).toContain(ANA);
    const toggle = page.getByRole('switch', { name: 'Read this mailbox' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    expect(await page.getByTestId('mail-sync-status').getAttribute('data-status')).toBe('off');
    expect(await axeProblems(page)).toEqual([]);

    await toggle.click();
    await expect.poll(() => lastCall('PUT')?.body).toEqual({ reading: true });
    // Turning it on asks nothing (only turning it off deletes something).
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('mail-sync-progress').count()).toBe(1);
    expect(await page.getByText('1 of 3 messages read').count()).toBe(1);
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    // The state is read again on its own; the first sync ends.
    await expect.poll(() => page.getByTestId('mail-sync-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('synced');
    expect(await page.getByTestId('mail-sync-progress').count()).toBe(0);
    expect(await page.getByTestId('mail-last-sync').isVisible()).toBe(true);

    // Role folders first, in the page's language; the user's own after them.
    await expect.poll(() => page.getByTestId('mail-folder').locator('.mail-folder-name').allTextContents()).toEqual(['Inbox', 'Sent Items', 'Archive', 'Deleted Items', 'Inbox/Projects']);
    expect(await page.getByRole('button', { name: 'Inbox 2 unread' }).getAttribute('aria-current')).toBe('true');
    await shot(page, 'mailbox-01-synced');
  });

  it('lists messages newest first: unread ones bold and said so, flags, attachments; Load more reads the next page', async () => {
    await expect.poll(() => page.getByTestId('mail-item').count()).toBe(2);
    expect(await page.getByRole('region', { name: 'Messages in Inbox' }).count()).toBe(1);
    const first = item('m-hostile');
    expect(await first.getAttribute('data-unread')).toBe('true');
    expect(await first.locator('.mail-subject').evaluate((e) => getComputedStyle(e).fontWeight)).toBe('700');
    expect(await first.textContent()).toMatch(/^Unread: Megan Bowen/);
    expect(await item('m-invoice').getByRole('img', { name: 'Flagged' }).count()).toBe(1);
    expect(await item('m-invoice').getByRole('img', { name: 'Has attachments' }).count()).toBe(1);
    expect(await first.textContent()).toContain('About hostile newsletter');

    await page.getByTestId('mail-load-more').click();
    await expect.poll(() => page.getByTestId('mail-item').count()).toBe(3);
    expect(await item('m-plain').getAttribute('data-unread')).toBe('false');
    expect(await item('m-plain').locator('.mail-subject').evaluate((e) => getComputedStyle(e).fontWeight)).toBe('400');
    expect(await page.getByTestId('mail-load-more').count()).toBe(0);
    expect(fake.calls.filter((c) => c.path === '/messages').at(-1)?.query).toContain('cursor=page-2');
  });

  it('searches (q) across folders, each result naming its folder as the sidebar does, and clears the search', async () => {
    // The placeholder says what the search covers: subject, sender and the preview, not the whole text.
    expect(await page.getByLabel('Search mail').getAttribute('placeholder')).toBe('Subject, sender or preview');
    // A folder's own list names no folder.
    expect(await page.getByTestId('mail-item-folder').count()).toBe(0);
    await page.getByLabel('Search mail').fill('invoice');
    await page.getByLabel('Search mail').press('Enter');
    await expect.poll(() => page.getByTestId('mail-item').count()).toBe(2);
    expect(new URLSearchParams(fake.calls.filter((c) => c.path === '/messages').at(-1)!.query).get('q')).toBe('invoice');
    expect(await page.getByRole('region', { name: 'Messages matching "invoice"' }).count()).toBe(1);
    expect(await item('m-invoice').getByTestId('mail-item-folder').textContent()).toBe('Folder: Inbox');
    expect(await item('m-reply').getByTestId('mail-item-folder').textContent()).toBe('Folder: Sent Items');
    // Read out with the result: "… Folder: Sent Items".
    expect(await item('m-reply').textContent()).toMatch(/Re: Invoice 42.*Folder: Sent Items$/);
    expect(await axeProblems(page)).toEqual([]);
    await page.getByTestId('mail-search-clear').click();
    await expect.poll(() => page.getByTestId('mail-item').count()).toBe(2);
    expect(await page.getByTestId('mail-item-folder').count()).toBe(0);
  });

  it('opens a message with the keyboard, leaves it unread, shows headers, attachments and the HTML in the walled frame', async () => {
    await item('m-invoice').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('mail-view-subject').textContent()).toBe('Invoice 42');
    // Focus moves to the message; opening it asked nothing to change.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mail-view-subject');
    expect(fake.calls.filter((c) => c.method !== 'GET')).toHaveLength(1); // the PUT of reading only
    expect(await item('m-invoice').getAttribute('data-unread')).toBe('true');
    expect(await page.getByTestId('mail-header-from').textContent()).toBe(`Megan Bowen <${MEGAN}>`);
    const download = page.getByRole('link', { name: 'invoice-42.pdf' });
    expect(await download.getAttribute('href')).toBe(`/api/v1/accounts/${accountId}/mailbox/messages/m-invoice/attachments/a-1`);
    expect(await download.getAttribute('download')).toBe('invoice-42.pdf');
    // Sizes: bytes under 1 KB, kB, then MB.
    expect(await page.getByTestId('mail-attachments').locator('li').allTextContents()).toEqual(['invoice-42.pdf (20 kB)', 'note.txt (17 bytes)', 'scan.png (1.5 MB)']);
    // The conversation names each message's folder as the sidebar does.
    await expect.poll(() => page.getByTestId('mail-thread-item').count()).toBe(2);
    expect(await page.getByTestId('mail-thread-folder').allTextContents()).toEqual(['Inbox', 'Sent Items']);

    const frame = page.getByTestId('mail-frame');
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(await frame.getAttribute('title')).toBe('Message content');
    expect(await frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(await frame.getAttribute('srcdoc')).toBeNull();
    expect(await frame.getAttribute('src')).toBe(`/api/v1/accounts/${accountId}/mailbox/messages/m-invoice/frame?images=block`);
    const p = (await frameOf(page)).locator('p');
    expect(await p.textContent()).toBe('Please find the invoice attached.');
    // The message's own inline style: the frame document's CSP decides, not the page's.
    expect(await p.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(200, 0, 0)');
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'mailbox-02-message');
  });

  it('acts on the message: read, flag, reply, reply all, forward, each saying what it did', async () => {
    await page.getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toBe('Marked as read.');
    expect(lastCall('PATCH')).toMatchObject({ path: '/messages/m-invoice', body: { unread: false } });
    expect(await item('m-invoice').getAttribute('data-unread')).toBe('false');
    expect(await page.getByRole('button', { name: 'Mark as unread' }).count()).toBe(1);

    // A flagged message's button says what it will do ("Unflag"); its label is its state, so no aria-pressed (APG).
    const flag = page.getByTestId('mail-toggle-flag');
    expect(await page.getByRole('button', { name: 'Unflag', exact: true }).getAttribute('aria-pressed')).toBeNull();
    await flag.click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toBe('Flag removed.');
    expect(lastCall('PATCH')?.body).toEqual({ flagged: false });
    expect(await flag.textContent()).toBe('Flag');
    expect(await page.getByRole('button', { name: 'Unflag', exact: true }).count()).toBe(0);
    expect(await item('m-invoice').getByRole('img', { name: 'Flagged' }).count()).toBe(0);

    // A failure says what is wrong and how to fix it, next to the actions.
    fake.failNext.action = 'PATCH';
    await flag.click();
    await expect.poll(() => page.getByTestId('mail-action-error').getAttribute('data-code')).toBe('read_permission_missing');
    expect(await page.getByTestId('mail-action-error').textContent()).toContain('Grant Mail.ReadWrite');

    await page.getByTestId('mail-reply').click();
    await page.getByLabel('Your message').fill('Thanks, paid.');
    await page.getByTestId('mail-compose-send').click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toContain('Queued for sending');
    expect(lastCall('POST')).toMatchObject({ path: '/messages/m-invoice/reply', body: { text: 'Thanks, paid.' } });
    expect(await page.getByTestId('mail-compose').count()).toBe(0);

    await page.getByTestId('mail-reply-all').click();
    expect(await page.getByRole('heading', { name: 'Reply to everyone' }).count()).toBe(1);
    await page.getByLabel('Your message').fill('All of you');
    await page.getByTestId('mail-compose-send').click();
    await expect.poll(() => lastCall('POST')?.body).toEqual({ all: true, text: 'All of you' });

    await page.getByTestId('mail-forward').click();
    await page.getByLabel('Your message').fill('FYI');
    await page.getByTestId('mail-compose-send').click();
    expect(await page.getByTestId('mail-compose-to-error').textContent()).toBe('Enter at least one address to forward to.');
    expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('To', { exact: true }).fill('ben@contoso.example, cara@contoso.example');
    await page.getByTestId('mail-compose-send').click();
    await expect.poll(() => lastCall('POST')).toMatchObject({ path: '/messages/m-invoice/forward', body: { to: ['ben@contoso.example', 'cara@contoso.example'], text: 'FYI' } });
    expect(await axeProblems(page)).toEqual([]);
  });

  it('moves and deletes: the message leaves the list, the page says where it went', async () => {
    await page.getByTestId('mail-load-more').click();
    await expect.poll(() => page.getByTestId('mail-item').count()).toBe(3);
    await page.getByLabel('Move to').selectOption({ label: 'Inbox/Projects' });
    await page.getByTestId('mail-move').click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toBe('Moved to Inbox/Projects.');
    expect(lastCall('PATCH')).toMatchObject({ path: '/messages/m-invoice', body: { folderId: 'f-projects' } });
    expect(await item('m-invoice').count()).toBe(0);
    expect(await page.getByTestId('mail-view-none').isVisible()).toBe(true);

    await item('m-plain').click();
    // No HTML: the text, as text.
    await expect.poll(() => page.getByTestId('mail-text').textContent()).toBe('Line one\n  <b>not bold</b>\nLine three');
    expect(await page.getByTestId('mail-text').locator('b').count()).toBe(0);
    expect(await page.getByTestId('mail-delete-hint').count()).toBe(0);
    await page.getByTestId('mail-delete').click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toBe('Moved to Deleted Items.');
    expect(lastCall('DELETE')?.path).toBe('/messages/m-plain');
    expect(await item('m-plain').count()).toBe(0);

    // In Deleted Items, Delete is off and says why: Mailbridge never deletes for good, and no
    // "Moved to Deleted Items." for a move that would not happen.
    await page.getByTestId('mail-folder').filter({ hasText: 'Deleted Items' }).click();
    await item('m-plain').click();
    await expect.poll(() => page.getByTestId('mail-view-subject').textContent()).toBe('Plain text only');
    const del = page.getByTestId('mail-delete');
    expect(await del.isDisabled()).toBe(true);
    const why = "Already in Deleted Items: Mailbridge doesn't delete messages permanently.";
    expect(await del.getAttribute('title')).toBe(why);
    expect(await page.getByTestId('mail-delete-hint').textContent()).toBe(why);
    expect(await page.locator(`#${await del.getAttribute('aria-describedby')}`).textContent()).toBe(why);
    const deletes = fake.calls.filter((c) => c.method === 'DELETE').length;
    await del.click({ force: true });
    await page.waitForTimeout(300);
    expect(fake.calls.filter((c) => c.method === 'DELETE').length).toBe(deletes);
    expect(await page.getByTestId('mail-action-done').textContent()).toBe('');
    // Moving it out of the trash stays possible.
    expect(await page.getByLabel('Move to').locator('option').allTextContents()).toContain('Inbox');
    expect(await axeProblems(page)).toEqual([]);
    await page.locator('[data-testid="mail-folder"][data-role="inbox"]').click();
  });

  it('hostile HTML: nothing runs or loads, even unsanitized; "Show images" allows images for that message only', async () => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    listener.hits.length = 0;
    await item('m-hostile').click();
    await expect.poll(() => page.getByTestId('mail-images-blocked').isVisible()).toBe(true);
    const frame = await frameOf(page);
    expect(await frame.locator('#greeting').textContent()).toBe('Hello from a hostile sender');
    // Click what a victim would click.
    await frame.locator('#js-link').click();
    await frame.locator('#form-button').click();
    await page.waitForTimeout(1000);
    await nothingRan(page, frame);
    expect(listener.hits).toEqual([]);
    expect(dialogs).toBe(0);
    // A fixed "sign in again" bar drawn by the mail is shown inside the frame, and the page's own controls are still what a click reaches.
    expect(await frame.locator('#overlay').isVisible()).toBe(true);
    const reachable = await page.getByTestId('mail-show-images').evaluate((el) => {
      const r = el.getBoundingClientRect();
      const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return at !== null && (at === el || el.contains(at));
    });
    expect(reachable).toBe(true);
    expect(fake.calls.filter((c) => c.path === '/messages/m-hostile').map((c) => c.query)).toEqual(['']);
    expect(fake.calls.filter((c) => c.path === '/messages/m-hostile/frame').map((c) => c.query)).toEqual(['?images=block']);
    expect(page.url()).toBe(`${b.s.url}/mailbox`);

    await page.getByTestId('mail-show-images').click();
    await expect.poll(() => page.getByTestId('mail-images-blocked').count()).toBe(0);
    // The frame is loaded again with images; the message itself is not read again.
    await expect.poll(() => fake.calls.filter((c) => c.path === '/messages/m-hostile/frame').map((c) => c.query)).toEqual(['?images=block', '?images=allow']);
    expect(fake.calls.filter((c) => c.path === '/messages/m-hostile').map((c) => c.query)).toEqual(['']);
    await expect.poll(() => listener.hits, { timeout: 5000 }).toContain('/remote.gif');
    const allowed = await frameOf(page);
    await allowed.locator('#js-link').click();
    await page.waitForTimeout(1000);
    await nothingRan(page, allowed);
    // Images only: no script, stylesheet, @import, font, frame, object, form or refresh, nothing through <base>.
    expect(listener.hits.filter((h) => !IMAGE_HITS.includes(h))).toEqual([]);
    expect(dialogs).toBe(0);
    await shot(page, 'mailbox-03-hostile');

    // Allowed for that message only: opened again, it starts blocked.
    await page.getByTestId('mail-view-close').click();
    await item('m-hostile').click();
    await expect.poll(() => page.getByTestId('mail-images-blocked').isVisible()).toBe(true);
  });

  it("shows the message's own styles and, once allowed, its remote images (the frame document's CSP decides, not the page's)", async () => {
    // Not a srcdoc frame, which would inherit the UI's own policy (no inline styles, no remote
    // images): the frame's document comes with its own policy in a header.
    listener.hits.length = 0;
    await page.getByTestId('mail-show-images').click();
    await expect.poll(() => listener.hits, { timeout: 5000 }).toContain('/remote.gif');
    await page.getByTestId('mail-folder').filter({ hasText: 'Inbox/Projects' }).click();
    await item('m-invoice').click();
    const frame = await frameOf(page);
    expect(await frame.locator('p').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(200, 0, 0)');
  });

  it('shows a diagnosis with cause and fix, localized role names, and fits a narrow screen', async () => {
    Object.assign(fake.state, { status: 'error', diagnosis: { code: 'read_permission_missing', cause: 'Mailbridge may not read this mailbox.', fix: 'Grant Mail.ReadWrite and link the account again.' } });
    const ko = await (await b.context('ko-KR')).newPage();
    await ko.setViewportSize({ width: 375, height: 800 });
    await stub(ko);
    await b.signIn(ko);
    await ko.goto(`${b.s.url}/mailbox`);
    await expect.poll(() => ko.getByTestId('mail-sync-diagnosis').isVisible()).toBe(true);
    expect(await ko.getByTestId('mail-sync-diagnosis').textContent()).toContain('Grant Mail.ReadWrite');
    expect(await ko.getByRole('switch', { name: '이 사서함 읽기' }).count()).toBe(1);
    await expect.poll(() => ko.getByTestId('mail-folder').locator('.mail-folder-name').first().textContent()).toBe('받은 편지함');
    expect(await ko.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeProblems(ko)).toEqual([]);
    await shot(ko, 'mailbox-04-ko-narrow');
    Object.assign(fake.state, { status: 'synced', diagnosis: undefined });
    // Only the frame's refusals (CSP reports about the hostile message) may be in the console.
    expect(errorsOf(page).filter((e) => !/Content Security Policy|sandbox|Blocked script execution|relative-to-base|status of 502|Not allowed to load local resource/i.test(e))).toEqual([]);
    expect(errorsOf(ko)).toEqual([]);
  });

  it('names folders in the page\'s language everywhere (results, conversation, Move to, notices), with clear Spanish for Flag', async () => {
    const es = await (await b.context('es-ES')).newPage();
    await stub(es);
    await b.signIn(es);
    await es.goto(`${b.s.url}/mailbox`);
    await expect.poll(() => es.getByTestId('mail-folder').locator('.mail-folder-name').allTextContents()).toEqual(['Bandeja de entrada', 'Elementos enviados', 'Archivo', 'Elementos eliminados', 'Inbox/Projects']);
    expect(await es.getByLabel('Buscar correo').getAttribute('placeholder')).toBe('Asunto, remitente o vista previa');

    // Search results: the sidebar's names, not the server's ("Sent Items").
    await es.getByLabel('Buscar correo').fill('invoice');
    await es.getByLabel('Buscar correo').press('Enter');
    const result = (id: string) => es.locator(`[data-testid="mail-item"][data-message-id="${id}"]`);
    await expect.poll(() => es.getByTestId('mail-item').count()).toBe(2);
    expect(await result('m-reply').getByTestId('mail-item-folder').textContent()).toBe('Carpeta: Elementos enviados');
    expect(await result('m-invoice').getByTestId('mail-item-folder').textContent()).toBe('Carpeta: Inbox/Projects');

    // The conversation and Move to: the same names.
    await result('m-invoice').click();
    await expect.poll(() => es.getByTestId('mail-thread-folder').allTextContents()).toEqual(['Inbox/Projects', 'Elementos enviados']);
    expect(await es.getByTestId('mail-thread').textContent()).not.toContain('Sent Items');
    expect(await es.getByLabel('Mover a').locator('option').allTextContents()).toEqual(['Elige una carpeta…', 'Bandeja de entrada', 'Elementos enviados', 'Archivo', 'Elementos eliminados']);
    // Attachment sizes in Spanish.
    expect(await es.getByTestId('mail-attachments').locator('li').allTextContents()).toEqual(['invoice-42.pdf (20 kB)', 'note.txt (17 bytes)', 'scan.png (1,5 MB)']);

    // Flag: "Marcar para seguimiento", not the bare "Marcar" beside "Marcar como no leído"; then its undoing.
    const flag = es.getByTestId('mail-toggle-flag');
    expect(await flag.textContent()).toBe('Marcar para seguimiento');
    await flag.click();
    await expect.poll(() => es.getByTestId('mail-action-done').textContent()).toBe('Marcado para seguimiento.');
    expect(await flag.textContent()).toBe('Quitar marca de seguimiento');
    expect(await result('m-invoice').getByRole('img', { name: 'Marcado para seguimiento' }).count()).toBe(1);
    expect(await axeProblems(es)).toEqual([]);

    // "Moved to …" says the sidebar's name too.
    await es.getByLabel('Mover a').selectOption({ label: 'Elementos enviados' });
    await es.getByTestId('mail-move').click();
    await expect.poll(() => es.getByTestId('mail-action-done').textContent()).toBe('Movido a Elementos enviados.');
    expect(lastCall('PATCH')).toMatchObject({ path: '/messages/m-invoice', body: { folderId: 'f-sent' } });
    await shot(es, 'mailbox-05-es-search');
    expect(errorsOf(es)).toEqual([]);
    await es.close();
  });

  it('asks before turning reading off (which deletes the stored copy); Escape and Cancel keep it on', async () => {
    await page.goto(`${b.s.url}/mailbox`);
    const toggle = page.getByRole('switch', { name: 'Read this mailbox' });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.getByTestId('mail-folders').isVisible()).toBe(true);
    const puts = () => fake.calls.filter((c) => c.method === 'PUT').length;
    const before = puts();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    const dialog = page.getByRole('dialog', { name: 'Stop reading this mailbox?' });

    // By keyboard: the dialog says what goes, Cancel has the focus, Escape closes it and gives the focus back.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain("deletes Mailbridge's stored copy of this mailbox: its folders, messages and saved message bodies");
    expect(await focused()).toBe('mail-reading-off-cancel');
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'mailbox-06-reading-off-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await focused()).toBe('mail-reading');
    expect(puts()).toBe(before);
    expect(await toggle.getAttribute('aria-checked')).toBe('true');

    // Cancel keeps it on as well.
    await toggle.click();
    await page.getByTestId('mail-reading-off-cancel').click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(puts()).toBe(before);
    expect(await page.getByTestId('mail-folders').isVisible()).toBe(true);

    // Confirmed: reading goes off, the folders with it; the focus stays on the switch.
    await toggle.click();
    await page.getByRole('button', { name: 'Turn off and delete the copy' }).click();
    await expect.poll(() => lastCall('PUT')?.body).toEqual({ reading: false });
    expect(puts()).toBe(before + 1);
    await expect.poll(() => page.getByTestId('mailbox-off').isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    expect(await page.getByTestId('mail-folders').count()).toBe(0);
    expect(await focused()).toBe('mail-reading');
  });
});

// ---------------------------------------------------------------------------------------------
// End to end, against the real mailbox API and sync (issue 11's server side).
// ---------------------------------------------------------------------------------------------

describe('the mailbox page end to end (Graph account, the emulator\'s mailbox)', () => {
  let b: BrowserStack;
  let page: Page;
  let listener: Awaited<ReturnType<typeof startListener>>;
  let accountId = '';
  const item = (subject: string) => page.getByTestId('mail-item').filter({ hasText: subject });
  const stored = (subject: string) => {
    const box = b.s.emulator.mailbox(ANA) as unknown as Record<string, { message: Record<string, any> }[]>;
    for (const [folder, list] of Object.entries(box)) {
      const hit = Array.isArray(list) ? list.find((m) => m.message.subject === subject) : undefined;
      if (hit) return { folder, message: hit.message };
    }
    return undefined;
  };
  const graphMessage = (subject: string, html: string, extra: Record<string, unknown> = {}) => ({
    subject, body: { contentType: 'HTML', content: html },
    from: { emailAddress: { name: 'Megan Bowen', address: MEGAN } }, toRecipients: [{ emailAddress: { address: ANA } }], ...extra,
  });

  beforeAll(async () => {
    listener = await startListener();
    b = await startBrowserStack();
    const { s } = b;
    for (const e of [ANA, MEGAN]) s.emulator.createUser({ email: e, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
    const adminId = (await s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id as string;
    accountId = (await s.createAccount(ANA, { userId: adminId })).id;
    expect((await s.link(accountId, ANA)).html).toContain('Linking successful!');
    // 30 older messages (more than a page), then the ones the test reads.
    for (let i = 1; i <= 30; i++) {
      s.emulator.putMessage(ANA, { message: graphMessage(`Older ${i}`, `<p>Older message ${i}</p>`), receivedDateTime: new Date(Date.UTC(2024, 0, i)).toISOString(), isRead: true });
    }
    s.emulator.putMessage(ANA, {
      message: graphMessage('Quarterly invoice', '<p style="color: rgb(200, 0, 0)">Invoice attached</p><img src="cid:logo@contoso.example" alt="logo">', {
        attachments: [
          { '@odata.type': '#microsoft.graph.fileAttachment', name: 'invoice.txt', contentType: 'text/plain', contentBytes: Buffer.from('amount: 42').toString('base64') },
          { '@odata.type': '#microsoft.graph.fileAttachment', name: 'logo.png', contentType: 'image/png', contentBytes: LOGO_PNG, isInline: true, contentId: 'logo@contoso.example' },
        ],
      }),
      receivedDateTime: '2025-03-01T09:00:00Z',
    });
    s.emulator.putMessage(ANA, { message: graphMessage('Hostile newsletter', hostileHtml(listener.origin)), receivedDateTime: '2025-03-02T09:00:00Z' });
    s.emulator.putMessage(ANA, { message: graphMessage('Lunch on Friday?', '<p>Shall we?</p>'), receivedDateTime: '2025-03-03T09:00:00Z', flagged: true });
    page = await (await b.context('en-US')).newPage();
    await b.signIn(page);
  });
  afterAll(async () => {
    await b?.close();
    await new Promise((resolve) => listener?.server.close(resolve));
  });

  it('turns reading on from the page; the first sync fills folders and the list', async () => {
    // Found from the settings: the linked account's "Read this mailbox" opens the mailbox page on it.
    await page.goto(`${b.s.url}/settings`);
    const open = page.getByRole('link', { name: 'Read this mailbox' });
    expect(await open.getAttribute('href')).toBe(`/mailbox?account=${accountId}`);
    expect(await open.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent())).toContain('on the Mailbox page');
    await open.click();
    await page.waitForURL((u) => u.pathname === '/mailbox' && u.searchParams.get('account') === accountId);
    const toggle = page.getByRole('switch', { name: 'Read this mailbox' });
    await toggle.waitFor();
    if ((await toggle.getAttribute('aria-checked')) === 'false') await toggle.click();
    await expect.poll(async () => (await b.s.api('GET', `/api/v1/accounts/${accountId}/mailbox`)).body.reading).toBe(true);
    await expect.poll(() => page.getByTestId('mail-sync-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('synced');
    await expect.poll(() => page.getByTestId('mail-folder').first().textContent(), { timeout: 15_000 }).toContain('Inbox');
    await expect.poll(() => page.getByTestId('mail-item').count(), { timeout: 15_000 }).toBe(25);
    expect(await page.getByTestId('mail-item').first().textContent()).toContain('Lunch on Friday?');
    expect(await item('Lunch on Friday?').getByRole('img', { name: 'Flagged' }).count()).toBe(1);
    expect(await item('Quarterly invoice').getAttribute('data-unread')).toBe('true');
    await page.getByTestId('mail-load-more').click();
    await expect.poll(() => page.getByTestId('mail-item').count()).toBe(33);
    expect(await page.getByTestId('mail-folder').filter({ hasText: 'Inbox' }).first().textContent()).toContain('3 unread');
    await shot(page, 'mailbox-e2e-01-synced');
  }, 120_000);

  it('opens a message without marking it read; marks it read and flags it in the mailbox', async () => {
    await item('Quarterly invoice').click();
    await expect.poll(() => page.getByTestId('mail-view-subject').textContent()).toBe('Quarterly invoice');
    expect(await page.getByRole('link', { name: 'invoice.txt' }).count()).toBe(1);
    // "amount: 42" is 10 bytes: said so, not "1 kB".
    expect(await page.getByTestId('mail-attachments').textContent()).toContain('invoice.txt (10 bytes)');
    // The frame's document is fetched by the frame's own navigation, with the session cookie
    // (SameSite=Lax, same site): the message shows, its inline style applied, its cid: image
    // inlined as data: (the sandboxed frame could not fetch our attachment URL with the cookie).
    const frame = (await (await page.getByTestId('mail-frame').elementHandle())!.contentFrame())!;
    await expect.poll(() => frame.locator('p').textContent().catch(() => null), { timeout: 10_000 }).toBe('Invoice attached');
    expect(await frame.locator('p').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(200, 0, 0)');
    const logo = frame.locator('img[alt="logo"]');
    expect(await logo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect.poll(() => logo.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(2);
    await page.waitForTimeout(500);
    expect(stored('Quarterly invoice')?.message.isRead).not.toBe(true);
    expect(await item('Quarterly invoice').getAttribute('data-unread')).toBe('true');

    await page.getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toBe('Marked as read.');
    await expect.poll(() => stored('Quarterly invoice')?.message.isRead).toBe(true);
    await page.getByRole('button', { name: 'Flag', exact: true }).click();
    await expect.poll(() => stored('Quarterly invoice')?.message.flag?.flagStatus).toBe('flagged');
    await expect.poll(() => page.getByTestId('mail-toggle-flag').textContent()).toBe('Unflag');
    expect(await axeSerious(page)).toEqual([]);
  });

  it('replies through the outbox', async () => {
    await page.getByTestId('mail-reply').click();
    await page.getByLabel('Your message').fill('Paid, thanks.');
    await page.getByTestId('mail-compose-send').click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toContain('Queued for sending');
    await expect.poll(async () => (await b.s.api('GET', `/api/v1/accounts/${accountId}/outbox`)).body.items.length, { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('searches, then moves and deletes', async () => {
    await page.getByLabel('Search mail').fill('Lunch');
    await page.getByLabel('Search mail').press('Enter');
    await expect.poll(() => page.getByTestId('mail-item').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('mail-item-folder').textContent()).toBe('Folder: Inbox');
    await page.getByTestId('mail-search-clear').click();
    await item('Lunch on Friday?').click();
    await page.getByLabel('Move to').selectOption({ label: 'Archive' });
    await page.getByTestId('mail-move').click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toBe('Moved to Archive.');
    await expect.poll(() => stored('Lunch on Friday?')?.folder).toBe('archive');
    await item('Older 30').click();
    await page.getByTestId('mail-delete').click();
    await expect.poll(() => page.getByTestId('mail-action-done').textContent()).toBe('Moved to Deleted Items.');
    await expect.poll(() => stored('Older 30')?.folder).toBe('deletedItems');
    // Already in Deleted Items: Delete is off, and says why.
    await page.locator('[data-testid="mail-folder"][data-role="trash"]').click();
    await item('Older 30').click();
    await expect.poll(() => page.getByTestId('mail-view-subject').textContent()).toBe('Older 30');
    expect(await page.getByTestId('mail-delete').isDisabled()).toBe(true);
    expect(await page.getByTestId('mail-delete-hint').textContent()).toBe("Already in Deleted Items: Mailbridge doesn't delete messages permanently.");
    await page.locator('[data-testid="mail-folder"][data-role="inbox"]').click();
  });

  it('hostile HTML mail runs nothing and loads nothing until "Show images", then images only', async () => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    listener.hits.length = 0;
    await item('Hostile newsletter').click();
    await expect.poll(() => page.getByTestId('mail-images-blocked').isVisible()).toBe(true);
    const frame = await (await page.getByTestId('mail-frame').elementHandle())!.contentFrame();
    await frame!.waitForLoadState();
    expect(await frame!.getByText('Hello from a hostile sender').count()).toBe(1);
    if (await frame!.getByText('click me').count()) await frame!.getByText('click me').click();
    await page.waitForTimeout(1000);
    await nothingRan(page, frame!);
    expect(listener.hits).toEqual([]);

    await page.getByTestId('mail-show-images').click();
    await expect.poll(() => listener.hits, { timeout: 5000 }).toContain('/remote.gif');
    const allowed = await (await page.getByTestId('mail-frame').elementHandle())!.contentFrame();
    // Time for a late stylesheet, @import or font request to show up, were one let through.
    await page.waitForTimeout(1000);
    await nothingRan(page, allowed!);
    expect(listener.hits.filter((h) => !IMAGE_HITS.includes(h))).toEqual([]);
    expect(dialogs).toBe(0);
    expect(stored('Hostile newsletter')?.message.isRead).not.toBe(true);
    await shot(page, 'mailbox-e2e-02-hostile');

    // The frame's document opened on its own (a tab, not framed): the CSP's sandbox still holds,
    // an opaque origin that runs nothing; and no other site may frame it.
    const src = (await page.getByTestId('mail-frame').getAttribute('src'))!;
    const direct = await page.context().newPage();
    await direct.goto(`${b.s.url}${src}`);
    expect(await direct.getByText('Hello from a hostile sender').count()).toBe(1);
    expect(await direct.evaluate(() => window.origin)).toBe('null');
    expect(await direct.locator('body').getAttribute('data-pwned')).toBeNull();
    await direct.close();
    const other = await page.context().newPage();
    await other.setContent(`<iframe src="${b.s.url}${src}"></iframe>`);
    await page.waitForTimeout(500);
    const foreign = other.frames().find((f) => f !== other.mainFrame());
    expect(foreign).toBeDefined();
    expect(await foreign!.getByText('Hello from a hostile sender').count().catch(() => 0)).toBe(0);
    await other.close();
  });
});
