import { createHash, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { useSeededEmulator, type SeededEmulator } from '../testing/use-emulator.js';
import { graph, login, MAIL_SCOPES } from '../testing/fixtures.js';

let em: Emulator;
let at: string;
let s: SeededEmulator['s'];
const seeded = useSeededEmulator();
beforeEach(async () => {
  ({ em, s } = seeded);
  at = (await login(em, s, 'adele@contoso.example', MAIL_SCOPES)).access_token;
});

const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const file = (bytes: Buffer, extra: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.bin', contentType: 'application/octet-stream', contentBytes: bytes.toString('base64'), ...extra,
});
const message = (extra: Record<string, unknown> = {}) => ({ subject: 'Files', toRecipients: [{ emailAddress: { address: MEGAN } }], ...extra });
const createDraft = async (extra: Record<string, unknown> = {}) => (await graph(em, '/me/messages', at, { json: message(extra) })).json as Record<string, any>;

describe('small attachments (POST /me/messages/{id}/attachments)', () => {
  it('adds a file to a draft, lists it, and sends it with its bytes intact', async () => {
    const bytes = randomBytes(200_000);
    const draft = await createDraft({ internetMessageId: '<small-1@mailbridge.example>' });
    const posted = await graph(em, `/me/messages/${draft.id}/attachments`, at, { json: file(bytes, { name: 'logo.png', contentType: 'image/png', isInline: true, contentId: 'logo1' }) });
    expect(posted.status).toBe(201);
    expect(posted.json).toMatchObject({
      '@odata.type': '#microsoft.graph.fileAttachment', name: 'logo.png', contentType: 'image/png', size: 200_000, isInline: true, contentId: 'logo1',
    });
    expect(posted.json?.id).toMatch(/^AAMkA/);

    const listed = await graph(em, `/me/messages/${draft.id}/attachments?$select=id,name,size`, at);
    expect(listed.status).toBe(200);
    expect(listed.json?.value).toEqual([{ '@odata.type': '#microsoft.graph.fileAttachment', id: posted.json?.id, name: 'logo.png', size: 200_000 }]);
    const full = await graph(em, `/me/messages/${draft.id}/attachments`, at);
    expect(full.json?.value[0].contentBytes).toBe(bytes.toString('base64'));
    const badSelect = await graph(em, `/me/messages/${draft.id}/attachments?$select=nope`, at);
    expect(badSelect.json?.error).toMatchObject({ code: 'RequestBroker--ParseUri', message: "Could not find a property named 'nope' on type 'microsoft.graph.attachment'." });

    expect((await graph(em, `/me/messages/${draft.id}/send`, at, { method: 'POST' })).status).toBe(202);
    const info = { name: 'logo.png', contentType: 'image/png', size: 200_000, isInline: true, contentId: 'logo1', sha256: sha256(bytes) };
    expect(em.accepted()[0]?.attachments).toEqual([expect.objectContaining(info)]);
    const [got] = em.attachments(MEGAN, '<small-1@mailbridge.example>');
    expect(got).toMatchObject(info);
    expect(em.attachmentContent(MEGAN, '<small-1@mailbridge.example>', got!.id).equals(bytes)).toBe(true);
    const overHttp = await fetch(`${em.url}/_emulator/mailboxes/${ADELE}/attachments?internetMessageId=${encodeURIComponent('<small-1@mailbridge.example>')}`).then((r) => r.json());
    expect(overHttp).toEqual([expect.objectContaining(info)]);
    expect(overHttp[0]).not.toHaveProperty('content');
  });

  it('hashes attachments sent inline with sendMail or a new draft the same way', async () => {
    const bytes = randomBytes(1000);
    await graph(em, '/me/sendMail', at, { json: { message: message({ internetMessageId: '<inline-1@x.example>', attachments: [file(bytes)] }) } });
    expect(em.accepted({ internetMessageId: '<inline-1@x.example>' })[0]?.attachments).toEqual([
      { id: expect.any(String), name: 'a.bin', contentType: 'application/octet-stream', size: 1000, isInline: false, contentId: null, sha256: sha256(bytes) },
    ]);
    const draft = await createDraft({ attachments: [file(bytes)] });
    expect((await graph(em, `/me/messages/${draft.id}/attachments?$select=size`, at)).json?.value).toEqual([expect.objectContaining({ size: 1000 })]);
  });

  it('refuses what Graph refuses', async () => {
    const draft = await createDraft();
    const untyped = await graph(em, `/me/messages/${draft.id}/attachments`, at, { json: { name: 'a', contentBytes: 'aGk=' } });
    expect(untyped.json?.error).toMatchObject({ code: 'RequestBodyRead', message: 'Cannot create an abstract class.' });
    expect((await graph(em, `/me/messages/${draft.id.slice(0, -4)}AAAA/attachments`, at, { json: file(Buffer.from('x')) })).status).toBe(404);
    await graph(em, `/me/messages/${draft.id}/send`, at, { method: 'POST' });
    const sent = (await graph(em, '/me/mailFolders/sentitems/messages?$select=id', at)).json?.value[0].id;
    expect((await graph(em, `/me/messages/${sent}/attachments`, at, { json: file(Buffer.from('x')) })).json?.error.code).toBe('ErrorInvalidOperation');
    const sendOnly = (await login(em, s, MEGAN)).access_token;
    expect((await graph(em, `/me/messages/${draft.id}/attachments`, sendOnly, { json: file(Buffer.from('x')) })).json?.error.code).toBe('ErrorAccessDenied');
  });
});

describe("the mailbox's maximum send size", () => {
  const refused = { code: 'ErrorMessageSizeExceeded', message: 'The message exceeds the maximum supported size.' };

  it('counts attachments base64-encoded, on sendMail, new drafts and added attachments; set per user, over HTTP too', async () => {
    const patch = await fetch(`${em.url}/_emulator/users/${ADELE}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ maxSendSizeBytes: 4000 }) });
    expect(patch.status).toBe(204);
    const fits = randomBytes(3000); // 4000 characters of base64
    expect((await graph(em, '/me/sendMail', at, { json: { message: message({ attachments: [file(fits)] }) } })).status).toBe(202);
    const over = await graph(em, '/me/sendMail', at, { json: { message: message({ attachments: [file(randomBytes(3001))] }) } });
    expect(over.status).toBe(400);
    expect(over.json?.error).toMatchObject(refused);
    expect((await graph(em, '/me/messages', at, { json: message({ attachments: [file(fits), file(Buffer.from('x'))] }) })).json?.error).toMatchObject(refused);
    const draft = await createDraft({ attachments: [file(randomBytes(2000))] });
    expect((await graph(em, `/me/messages/${draft.id}/attachments`, at, { json: file(randomBytes(1000)) })).json?.error).toMatchObject(refused);
    em.updateUser(ADELE, { maxSendSizeBytes: 35 * 1024 * 1024 });
    expect((await graph(em, `/me/messages/${draft.id}/attachments`, at, { json: file(randomBytes(1000)) })).status).toBe(201);
  });
});
