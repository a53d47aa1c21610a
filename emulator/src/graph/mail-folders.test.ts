import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { graph, login, MAIL_SCOPES } from '../testing/fixtures.js';
import { useSeededEmulator, type SeededEmulator } from '../testing/use-emulator.js';

let em: Emulator;
let at: string;
let s: SeededEmulator['s'];
const seeded = useSeededEmulator();
const ADELE = 'adele@contoso.example';
beforeEach(async () => {
  ({ em, s } = seeded);
  at = (await login(em, s, ADELE, MAIL_SCOPES)).access_token;
});

const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };
const MEGAN = 'megan@contoso.example';
/** The raw answer of a GET (graph() reads JSON). */
const raw = (path: string, token: string) => fetch(`${em.url}/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } });
const names = (r: { json?: Record<string, any> }) => (r.json?.value as Array<{ displayName: string }>).map((f) => f.displayName);
const json = (subject: string, extra: Record<string, unknown> = {}) => ({
  subject, body: { contentType: 'HTML', content: `<p>Hello <b>${subject}</b></p>` },
  from: { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.example' } }, toRecipients: [{ emailAddress: { address: ADELE } }], ...extra,
});

describe('mail folders', () => {
  it('lists the default folders by name, localized, with counts, and child folders', async () => {
    em.putMessage(ADELE, { message: json('one') });
    em.putMessage(ADELE, { message: json('two'), isRead: true });
    const top = await graph(em, '/me/mailFolders', at);
    expect(top.status).toBe(200);
    expect(names(top)).toEqual(['Archive', 'Deleted Items', 'Drafts', 'Inbox', 'Junk Email', 'Sent Items']);
    const inbox = top.json?.value.find((f: { displayName: string }) => f.displayName === 'Inbox');
    expect(inbox).toMatchObject({ totalItemCount: 2, unreadItemCount: 1, childFolderCount: 0 });
    expect(inbox.id).toMatch(/^AQMkAD/);
    expect((await graph(em, `/me/mailFolders/${inbox.id}`, at)).json?.id).toBe(inbox.id);
    expect((await graph(em, '/me/mailFolders/INBOX', at)).json?.id).toBe(inbox.id);

    const made = await graph(em, '/me/mailFolders/inbox/childFolders', at, { json: { displayName: 'Projects' } });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ displayName: 'Projects', parentFolderId: inbox.id, totalItemCount: 0 });
    expect((await graph(em, '/me/mailFolders/inbox/childFolders', at, { json: { displayName: 'projects' } })).status).toBe(409);
    expect(names(await graph(em, '/me/mailFolders/inbox/childFolders', at))).toEqual(['Projects']);
    expect((await graph(em, '/me/mailFolders/inbox', at)).json?.childFolderCount).toBe(1);

    em.updateUser(ADELE, { mailboxLocale: 'es-ES' });
    const es = await graph(em, `/users/${ADELE}/mailFolders?$top=4`, at);
    expect(names(es)).toEqual(['Archivo', 'Bandeja de entrada', 'Borradores', 'Correo no deseado']);
    const rest = new URL(es.json?.['@odata.nextLink']);
    expect(names(await graph(em, `${rest.pathname.replace('/v1.0', '')}${rest.search}`, at))).toEqual(['Elementos eliminados', 'Elementos enviados']);
    expect((await graph(em, '/me/mailFolders/sentitems', at)).json?.displayName).toBe('Elementos enviados');
    expect((await graph(em, '/users/megan@contoso.example/mailFolders', at)).json?.error.code).toBe('ErrorAccessDenied');
    expect(em.mailFolders(ADELE).map((f) => f.displayName)).toContain('Projects');
  });

  it('filters, orders and pages messages; answers the parenthesised key form', async () => {
    em.putMessage(ADELE, { message: json('old'), receivedDateTime: '2024-01-01T00:00:00Z', isRead: true });
    em.putMessage(ADELE, { message: json('new'), receivedDateTime: '2024-03-01T00:00:00Z', flagged: true });
    em.putMessage(ADELE, { message: json('mid'), receivedDateTime: '2024-02-01T00:00:00Z' });
    const subjects = (r: { json?: Record<string, any> }) => (r.json?.value as Array<{ subject: string }>).map((m) => m.subject);
    expect(subjects(await graph(em, '/me/mailFolders/inbox/messages?$select=subject', at))).toEqual(['new', 'mid', 'old']);
    expect(subjects(await graph(em, '/me/mailFolders/inbox/messages?$orderby=receivedDateTime%20asc', at))).toEqual(['old', 'mid', 'new']);
    expect(subjects(await graph(em, `/me/messages?$filter=${encodeURIComponent('isRead eq false')}`, at))).toEqual(['new', 'mid']);
    expect(subjects(await graph(em, `/me/messages?$filter=${encodeURIComponent('receivedDateTime ge 2024-02-01T00:00:00Z and isRead eq false')}`, at))).toEqual(['new', 'mid']);
    expect(subjects(await graph(em, `/me/messages?$filter=${encodeURIComponent("flag/flagStatus eq 'flagged'")}`, at))).toEqual(['new']);
    const first = await graph(em, "/me/mailFolders('inbox')/messages?$top=2", at);
    expect(first.json?.value[0]).toMatchObject({ subject: 'new', bodyPreview: 'Hello new', isRead: false, hasAttachments: false, flag: { flagStatus: 'flagged' } });
    expect(first.json?.value[0].conversationId).toMatch(/^AAQkAD/);
    expect(first.json?.value[0]['@odata.etag']).toBe(`W/"${first.json?.value[0].changeKey}"`);
    expect(first.json?.['@odata.nextLink']).toContain('%24skip=2');
    expect((await graph(em, '/me/mailFolders/nope-nope-nope-nope/messages', at)).status).toBe(404);
  });

  it('gives $value: the MIME a message came as, or one built from its JSON', async () => {
    const mime = 'From: Megan <megan@contoso.example>\r\nTo: adele@contoso.example\r\nSubject: raw\r\nMessage-ID: <raw-1@contoso.example>\r\n\r\nRaw body\r\n';
    const stored = em.putMessage(ADELE, { mime });
    const got = await raw(`/me/messages/${stored.id}/$value`, at);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await got.text()).toBe(mime);
    const built = em.putMessage(ADELE, { message: json('Grüße', { attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', contentBytes: 'aGVsbG8=' }] }) });
    const text = await (await raw(`/me/messages/${built.id}/$value`, at)).text();
    expect(text).toContain(`Message-ID: ${built.internetMessageId}`);
    expect(text).toMatch(/Subject: =\?UTF-8\?/);
    expect(text).toContain('filename=a.txt');
    expect(text).toMatch(/^Date: /m);
    // Tokens carry every consented scope: permission checks use Megan, who consented only these.
    const hers = em.putMessage(MEGAN, { message: json('basic') });
    const readBasic = (await login(em, s, MEGAN, 'openid Mail.ReadBasic')).access_token;
    expect((await raw(`/me/messages/${hers.id}/$value`, readBasic)).status).toBe(403);
  });

  it('updates flags and read state, moves with new regular ids and lasting immutable ones', async () => {
    const put = em.putMessage(ADELE, { message: json('move me') });
    const patched = await graph(em, `/me/messages/${put.id}`, at, { method: 'PATCH', json: { isRead: true, flag: { flagStatus: 'flagged' }, categories: ['Red'] } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ isRead: true, flag: { flagStatus: 'flagged' }, categories: ['Red'] });
    expect((await graph(em, `/me/messages/${put.id}`, at, { method: 'PATCH', json: { subject: 'x' } })).json?.error.code).toBe('ErrorInvalidPropertyUpdateSentMessage');
    expect((await graph(em, `/me/messages/${put.id}`, at, { method: 'PATCH', json: { isRedd: true } })).json?.error.code).toBe('RequestBodyRead');

    const moved = await graph(em, `/me/messages/${put.id}/move`, at, { json: { destinationId: 'archive' } });
    expect(moved.status).toBe(201);
    expect(moved.json?.id).not.toBe(put.id);
    expect(moved.json?.parentFolderId).toBe((await graph(em, '/me/mailFolders/archive', at)).json?.id);
    expect((await graph(em, `/me/messages/${put.id}`, at)).status).toBe(404);
    const again = await graph(em, `/me/messages/${moved.json?.id}/move`, at, { json: { destinationId: 'inbox' }, headers: IMMUTABLE });
    expect(again.json?.id).toBe(put.immutableId);
    expect((await graph(em, `/me/messages/${put.immutableId}`, at, { headers: IMMUTABLE })).json?.subject).toBe('move me');
    expect((await graph(em, `/me/messages/${put.immutableId}/move`, at, { json: { destinationId: 'nowhere-nowhere' } })).status).toBe(404);
    expect(em.messages(ADELE, 'inbox').map((m) => m.message.subject)).toEqual(['move me']);

    const sender = (await login(em, s, MEGAN, 'openid Mail.Send')).access_token;
    expect((await graph(em, '/me/mailFolders', sender)).json?.error.code).toBe('ErrorAccessDenied');
    const hers = em.putMessage(MEGAN, { message: json('hers') });
    const reader = (await login(em, s, MEGAN, 'openid Mail.Read')).access_token;
    expect((await graph(em, `/me/messages/${hers.id}`, reader)).status).toBe(200);
    expect((await graph(em, `/me/messages/${hers.id}`, reader, { method: 'PATCH', json: { isRead: false } })).json?.error.code).toBe('ErrorAccessDenied');
  });
});
