import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { graph, login, MAIL_SCOPES, token } from '../testing/fixtures.js';
import { useSeededEmulator, type SeededEmulator } from '../testing/use-emulator.js';

let em: Emulator;
let s: SeededEmulator['s'];
let at: string;
const seeded = useSeededEmulator();
const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
beforeEach(async () => {
  ({ em, s } = seeded);
  at = (await login(em, s, ADELE, MAIL_SCOPES)).access_token;
});

const FILE = Buffer.from('%PDF-1.4 not really a PDF, but bytes all the same\n'.repeat(40));
/** A multipart message with a custom header, a Bcc and an attachment, CRLF throughout. */
function mimeMessage(opts: { from?: string; to?: string; bcc?: string; messageId?: string | null; marker?: string } = {}): string {
  const lines = [
    `From: Adele Vance <${opts.from ?? ADELE}>`,
    `To: "Bowen, Megan" <${opts.to ?? MEGAN}>`,
    ...(opts.bcc ? [`Bcc: ${opts.bcc}`] : []),
    'Subject: =?UTF-8?B?R3LDvMOfZQ==?=',
    ...(opts.messageId === null ? [] : [`Message-ID: ${opts.messageId ?? '<mime-1@relay.contoso.example>'}`]),
    'Date: Tue, 6 Jan 2026 10:00:00 +0000',
    `X-Mailbridge-Test-Marker: ${opts.marker ?? 'mime-draft'}`,
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
    ...(FILE.toString('base64').match(/.{1,76}/g) ?? []),
    '--b1--',
    '',
  ];
  return lines.join('\r\n');
}
const b64 = (mime: string) => Buffer.from(mime, 'utf8').toString('base64');
const raw = async (path: string, bearer: string) => (await fetch(`${em.url}/v1.0${path}`, { headers: { authorization: `Bearer ${bearer}` } })).text();

describe('drafts created from MIME', () => {
  it('creates a draft from base64 MIME and sends that MIME as built', async () => {
    const mime = mimeMessage();
    const draft = await graph(em, '/me/messages', at, { text: b64(mime) });
    expect(draft.status).toBe(201);
    expect(draft.json).toMatchObject({
      isDraft: true, subject: 'Grüße', internetMessageId: '<mime-1@relay.contoso.example>', hasAttachments: true,
      from: { emailAddress: { address: ADELE, name: 'Adele Vance' } },
      toRecipients: [{ emailAddress: { address: MEGAN, name: 'Bowen, Megan' } }],
      body: { contentType: 'text', content: expect.stringContaining('Grüße from the scanner') },
    });
    const id = draft.json?.id as string;
    expect(await raw(`/me/messages/${id}/$value`, at)).toBe(mime);
    const files = await graph(em, `/me/messages/${id}/attachments`, at);
    expect(files.json?.value).toMatchObject([{ name: 'scan.pdf', contentType: 'application/pdf', size: FILE.length, isInline: false }]);

    const sent = await graph(em, `/me/messages/${id}/send`, at, { method: 'POST' });
    expect(sent.status).toBe(202);
    expect(em.mailbox(ADELE).drafts).toHaveLength(0);
    expect(em.accepted()).toEqual([expect.objectContaining({
      via: 'draft', mailbox: ADELE, from: ADELE, internetMessageId: '<mime-1@relay.contoso.example>', marker: 'mime-draft',
      headers: { 'x-mailbridge-test-marker': 'mime-draft', 'x-printer': 'Floor 3' },
      attachments: [expect.objectContaining({ name: 'scan.pdf', size: FILE.length, sha256: createHash('sha256').update(FILE).digest('hex') })],
    })]);
    const [got] = em.mailbox(MEGAN).inbox;
    expect(got).toMatchObject({ internetMessageId: '<mime-1@relay.contoso.example>', mime });
    const megan = (await login(em, s, MEGAN, MAIL_SCOPES)).access_token;
    expect(await raw(`/me/messages/${got!.id}/$value`, megan)).toBe(mime);
  });

  it('delivers to the Bcc recipients and leaves the Bcc field out of their copies', async () => {
    const mime = mimeMessage({ to: 'partner@elsewhere.example', bcc: `Megan <${MEGAN}>` });
    const draft = await graph(em, '/me/messages', at, { text: b64(mime) });
    expect(draft.json?.bccRecipients).toEqual([{ emailAddress: { name: 'Megan', address: MEGAN } }]);
    expect((await graph(em, `/me/messages/${draft.json?.id as string}/send`, at, { method: 'POST' })).status).toBe(202);
    const [got] = em.mailbox(MEGAN).inbox;
    expect(got?.message.bccRecipients).toBeUndefined();
    expect(got?.mime).not.toMatch(/^Bcc:/im);
    expect(got?.mime).toBe(mime.replace(`Bcc: Megan <${MEGAN}>\r\n`, ''));
    // The sender's own copy keeps it.
    const [sent] = em.mailbox(ADELE).sentItems;
    expect(sent?.mime).toBe(mime);
    expect(sent?.message.bccRecipients).toEqual([{ emailAddress: { name: 'Megan', address: MEGAN } }]);
  });

  it('gives a MIME without Message-ID one of Exchange\'s, in the draft and its MIME', async () => {
    const draft = await graph(em, '/me/messages', at, { text: b64(mimeMessage({ messageId: null })) });
    const mid = draft.json?.internetMessageId as string;
    expect(mid).toMatch(/^<.+@.+>$/);
    expect(await raw(`/me/messages/${draft.json?.id as string}/$value`, at)).toMatch(new RegExp(`^Message-ID: ${mid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\r\n`));
    await graph(em, `/me/messages/${draft.json?.id as string}/send`, at, { method: 'POST' });
    expect(em.accepted()[0]?.internetMessageId).toBe(mid);
  });

  it('refuses bad base64, content that is no MIME message, and requests over 4 MB', async () => {
    const bad = await graph(em, '/me/messages', at, { text: 'not base64!!' });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'ErrorMimeContentInvalidBase64String', message: 'Invalid base64 string for MIME content.' } } });
    for (const text of ['just some words, no headers at all', 'Subject: x\r\nnot a header line\r\n\r\nbody', 'Subject: x\r\nContent-Type: multipart/mixed\r\n\r\nbody']) {
      const res = await graph(em, '/me/messages', at, { text: b64(text) });
      expect(res).toMatchObject({ status: 400, json: { error: { code: 'ErrorMimeContentInvalid' } } });
    }
    const big = `Subject: big\r\nTo: ${MEGAN}\r\n\r\n${'x'.repeat(3.2 * 1024 * 1024)}`; // 4.27 MB in base64
    const tooBig = await graph(em, '/me/messages', at, { text: b64(big) });
    expect(tooBig).toMatchObject({ status: 413, json: { error: { code: 'RequestEntityTooLarge', message: 'The maximum request length supported is 4MB.' } } });
    expect(em.mailbox(ADELE).drafts).toHaveLength(0);
    // Mail.Send alone makes no drafts.
    const sendOnly = (await login(em, s, MEGAN, 'openid offline_access Mail.Send')).access_token;
    expect((await graph(em, '/me/messages', sendOnly, { text: b64(mimeMessage({ from: MEGAN })) })).status).toBe(403);
  });

  it('rebuilds the MIME from the draft\'s properties once they change', async () => {
    const draft = await graph(em, '/me/messages', at, { text: b64(mimeMessage()) });
    const id = draft.json?.id as string;
    expect((await graph(em, `/me/messages/${id}`, at, { method: 'PATCH', json: { subject: 'Changed' } })).status).toBe(200);
    const text = await raw(`/me/messages/${id}/$value`, at);
    expect(text).toContain('Subject: Changed');
    expect(text).toContain('Message-ID: <mime-1@relay.contoso.example>');
  });

  it('works app-only on /users/{upn}/messages with Application Mail.ReadWrite', async () => {
    em.createUser({ email: 'scanner@contoso.example', displayName: 'Scanner' });
    const app = async () => (await token(em, {
      grant_type: 'client_credentials', client_id: s.app.clientId, client_secret: s.secret.value, scope: 'https://graph.microsoft.com/.default',
    }, s.tenant.id)).body.access_token as string;
    em.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.Send', mailboxes: ['scanner@contoso.example'] });
    const mime = mimeMessage({ from: 'scanner@contoso.example', marker: 'app-mime' });
    const denied = await graph(em, '/users/scanner@contoso.example/messages', await app(), { text: b64(mime) });
    expect(denied).toMatchObject({ status: 403, json: { error: { code: 'ErrorAccessDenied' } } });
    em.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.ReadWrite', mailboxes: ['scanner@contoso.example'] });
    const at2 = await app();
    const draft = await graph(em, '/users/scanner%40contoso.example/messages', at2, { text: b64(mime) });
    expect(draft).toMatchObject({ status: 201, json: { internetMessageId: '<mime-1@relay.contoso.example>', isDraft: true } });
    const sent = await graph(em, `/users/scanner@contoso.example/messages/${draft.json?.id as string}/send`, at2, { method: 'POST' });
    expect(sent.status).toBe(202);
    expect(em.accepted({ marker: 'app-mime' })).toMatchObject([{ mailbox: 'scanner@contoso.example', via: 'draft', from: 'scanner@contoso.example', internetMessageId: '<mime-1@relay.contoso.example>' }]);
    expect(em.mailbox(MEGAN).inbox[0]?.mime).toBe(mime);
    // Outside the role's scope: refused.
    expect((await graph(em, `/users/${ADELE}/messages`, at2, { text: b64(mimeMessage()) })).status).toBe(403);
  });
});
