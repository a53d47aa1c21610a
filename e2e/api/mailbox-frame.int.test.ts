import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { SessionClient } from '../support/session-client.js';
import { expectDocumentedError, rawFetch } from '../support/error-shape.js';
import type { IncomingMailMessage } from '../../server/src/core/mailbox/mail-message.js';

/**
 * Issue 11, GET …/mailbox/messages/{messageId}/frame on the real HTTP stack: the document the
 * mailbox page frames. Messages are stored straight into our own database with their MIME in the
 * body cache, on an account that is not linked (no sync touches them), so this is the route,
 * the use case, the parser and the sanitizer, without a mailbox behind them.
 */
const ADMIN_EMAIL = 'admin@example.test';
const ADMIN_PASSWORD = 'correct horse battery staple';
const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';

const HOSTILE_HTML = [
  '<html><head><base href="https://evil.example/base/"><meta http-equiv="refresh" content="0;url=https://evil.example/refresh">',
  '<style>body{background:url(https://evil.example/css.png)}</style><link rel="stylesheet" href="https://evil.example/sheet.css"></head><body>',
  '<p id="greeting">Hello <b>Adele</b></p><script>parent.__pwned = 1; fetch("https://evil.example/script")</script>',
  '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">click</a> <a href="JaVa&#x09;ScRiPt:alert(4)">again</a>',
  '<img src="https://tracker.example/pixel.gif" alt="pixel" width="1" height="1">',
  '<svg><script>alert(5)</script><circle r="1"/></svg><svg onload="alert(6)"></svg>',
  '<div style="background-image:url(https://evil.example/bg.png);color:rgb(200, 0, 0)">styled</div>',
  '<img src="cid:logo@contoso.example" alt="logo"><img src="cid:vector@contoso.example" alt="vector">',
  '<iframe src="https://evil.example/frame"></iframe><form action="https://evil.example/form"><input name="p"><button>Go</button></form>',
  '</body></html>',
].join('');

const LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\r\n');

/** multipart/related: the hostile HTML, a text part, an inline PNG and an inline SVG named by cid:. */
const HOSTILE_MIME = [
  `From: Megan Bowen <${MEGAN}>`, `To: ${ADELE}`, 'Subject: Hostile', 'MIME-Version: 1.0',
  'Content-Type: multipart/related; boundary="related"', '',
  '--related', 'Content-Type: multipart/alternative; boundary="alt"', '',
  '--alt', 'Content-Type: text/plain; charset=utf-8', '', 'Hello Adele', '',
  '--alt', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(HOSTILE_HTML), '--alt--',
  '--related', 'Content-Type: image/png', 'Content-Transfer-Encoding: base64', 'Content-ID: <logo@contoso.example>', 'Content-Disposition: inline; filename="logo.png"', '', b64(LOGO),
  '--related', 'Content-Type: image/svg+xml', 'Content-Transfer-Encoding: base64', 'Content-ID: <vector@contoso.example>', 'Content-Disposition: inline; filename="v.svg"', '',
  b64('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(7)"><script>alert(8)</script></svg>'),
  '--related--', '',
].join('\r\n');

const TEXT_MIME = [
  `From: ${MEGAN}`, `To: ${ADELE}`, 'Subject: Plain', 'Content-Type: text/plain; charset=utf-8', '',
  'Line one', '  <b>not bold</b> & <script>alert(1)</script>', '',
].join('\r\n');

const envelope = (remoteId: string, subject: string): IncomingMailMessage => ({
  remoteId, internetMessageId: `<${remoteId}@contoso.example>`, threadKey: remoteId, subject,
  from: { address: MEGAN }, to: [{ address: ADELE }], cc: [], bcc: [], replyTo: [],
  date: new Date('2024-07-01T12:00:00Z'), unread: true, flagged: false, hasAttachments: true, size: 1000, snippet: '', inReplyTo: null, references: [],
});

const FRAME_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

describe('the message frame document (GET …/mailbox/messages/{messageId}/frame)', () => {
  let s: Stack;
  let account: string;
  let ids: { hostile: string; text: string };
  let strangerKey: string;
  const frame = (id: string, query = '') => `/api/v1/accounts/${account}/mailbox/messages/${id}/frame${query}`;
  const get = (id: string, query = '', headers: Record<string, string> = { authorization: `Bearer ${s.adminKey}` }) => rawFetch(`${s.url}${frame(id, query)}`, { headers });

  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_ADMIN_EMAIL: ADMIN_EMAIL, MAILBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    const now = new Date();
    const adminId = (await s.api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id as string;
    account = (await s.createAccount(ADELE, { userId: adminId })).id;
    await s.mb.store.mailboxState.update(account, { reading: true, status: 'synced', lastSyncAt: now }, now);
    const [inbox] = await s.mb.store.mailboxFolders.upsert(account, [{ remoteId: 'INBOX', parentRemoteId: null, name: 'Inbox', path: 'Inbox', role: 'inbox' }], now);
    const [hostile, text] = await s.mb.store.mailboxMessages.upsert(account, inbox!.id, [envelope('1', 'Hostile'), envelope('2', 'Plain')], now);
    ids = { hostile: hostile!.id, text: text!.id };
    await s.mb.store.mailboxBodies.put(ids.hostile, Buffer.from(HOSTILE_MIME), now);
    await s.mb.store.mailboxBodies.put(ids.text, Buffer.from(TEXT_MIME), now);
    const u = await s.api('POST', '/api/v1/users', { email: 'stranger@contoso.example', name: 'Stranger', role: 'user' });
    strangerKey = (await s.api('POST', `/api/v1/users/${u.body.id}/api-keys`)).body.key;
  }, 60_000);
  afterAll(() => s?.close());

  it('answers a complete HTML document with exactly the frame\'s headers', async () => {
    const r = await get(ids.hostile);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toBe(FRAME_CSP);
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('content-disposition')).toBeNull();
    expect(r.headers.getSetCookie()).toEqual([]);
    expect(r.text).toMatch(/^<!doctype html><html><head><meta charset=utf-8><base target=_blank><meta name=referrer content=no-referrer><style>[^<]*<\/style><\/head><body>/);
    expect(r.text).toMatch(/<\/body><\/html>$/);
    // The message's own inline styles survive (the CSP allows them).
    expect(r.text).toContain('<p>Hello <b>Adele</b></p>');
    expect(r.text).toContain('style="color:rgb(200, 0, 0)"');
  });

  it('hostile HTML: nothing that runs or loads is in the document; remote images only with images=allow', async () => {
    const blocked = (await get(ids.hostile, '?images=block')).text;
    const allowed = await get(ids.hostile, '?images=allow');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-security-policy')).toBe(FRAME_CSP.replace('img-src data:;', 'img-src data: https: http:;'));
    // Only our own <base target> and <style>, before the message's body.
    const body = (doc: string) => doc.slice(doc.indexOf('<body>'));
    for (const doc of [blocked, allowed.text]) {
      for (const banned of [/<script/i, /onerror/i, /onload/i, /javascript:/i, /<base/i, /<svg/i, /<meta/i, /refresh/i, /url\(/i, /<style/i, /<link/i, /<iframe/i, /<form/i, /<input/i, /<button/i, /evil\.example/, /alert\(/]) {
        expect(body(doc), String(banned)).not.toMatch(banned);
      }
      // The SVG part is never inlined, the PNG one always, as data:.
      expect(doc).toContain(`<img alt="logo" src="data:image/png;base64,${LOGO.toString('base64')}" />`);
      expect(doc).not.toContain('alt="vector"');
      expect(doc).not.toMatch(/cid:|\/attachments\//);
    }
    expect(blocked).not.toContain('tracker.example');
    expect(blocked).toMatch(/<img alt="pixel" width="1" height="1" \/>/);
    expect(allowed.text).toContain('src="https://tracker.example/pixel.gif"');
    // Default: blocked.
    expect((await get(ids.hostile)).text).toBe(blocked);
  });

  it('a text-only message is its text, escaped, in a <pre>', async () => {
    const r = await get(ids.text);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(FRAME_CSP);
    expect(r.text).toContain('<body><pre class="mail-text">Line one\n  &lt;b&gt;not bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.text).not.toMatch(/<script|<b>/);
  });

  it('the session cookie is enough for this GET (no CSRF header); no credentials is 401 with the API\'s headers', async () => {
    const c = new SessionClient(s.url);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const r = await get(ids.hostile, '?images=block', { cookie: `mb_session=${c.cookie}` });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(FRAME_CSP);
    expectDocumentedError(await get(ids.hostile, '', {}), 401, 'unauthenticated');
  });

  it("another user's message is 404 in the API's shape and headers (framed by no one); bad input 400", async () => {
    const stranger = await get(ids.hostile, '', { authorization: `Bearer ${strangerKey}` });
    expectDocumentedError(stranger, 404, 'not_found');
    expect(stranger.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expectDocumentedError(await get('nosuchmessage'), 404, 'not_found');
    expectDocumentedError(await get(ids.hostile, '?images=yes'), 400, 'invalid_request');
    expectDocumentedError(await get(ids.hostile, '?image=allow'), 400, 'invalid_request');
    expectDocumentedError(await get('x'.repeat(65)), 400, 'invalid_request');
  });

  it('reading the frame leaves the message unread', async () => {
    expect((await s.mb.store.mailboxMessages.get({ id: ids.hostile }))!.unread).toBe(true);
  });
});
