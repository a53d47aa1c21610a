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

const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };
const draftBody = (extra: Record<string, unknown> = {}) => ({ subject: 'Draft', toRecipients: [{ emailAddress: { address: 'megan@contoso.example' } }], ...extra });
const createDraft = (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => graph(em, '/me/messages', at, { json: draftBody(extra), headers });
const sendDraft = (id: string) => graph(em, `/me/messages/${id}/send`, at, { method: 'POST' });
const search = (path: string, id: string, select = '') =>
  graph(em, `${path}?$filter=${encodeURIComponent(`internetMessageId eq '${id}'`)}${select}`, at);

describe('drafts and ids', () => {
  it('creates a draft with a chosen internetMessageId, reads it, sends it like sendMail', async () => {
    const mid = '<outbox-1.abc@mailbridge.example>';
    const draft = await createDraft({ internetMessageId: mid, internetMessageHeaders: [{ name: 'X-Mailbridge-Test-Marker', value: 'm1' }] });
    expect(draft.status).toBe(201);
    expect(draft.json).toMatchObject({ isDraft: true, internetMessageId: mid, subject: 'Draft' });
    expect(draft.json?.id).toMatch(/^AAMkA/);
    const got = await graph(em, `/me/messages/${draft.json?.id}`, at);
    expect(got.json).toMatchObject({ id: draft.json?.id, isDraft: true, internetMessageId: mid });
    expect(got.json?.parentFolderId).toMatch(/^AQMkAD/);
    expect((await sendDraft(draft.json?.id)).status).toBe(202);
    expect(em.mailbox('megan@contoso.example').inbox.map((m) => m.internetMessageId)).toEqual([mid]);
    expect(em.mailbox('adele@contoso.example').drafts).toHaveLength(0);
    expect(em.acceptedCounts()).toEqual({ m1: 1 });
    expect(em.accepted()[0]).toMatchObject({ via: 'draft', mailbox: 'adele@contoso.example', internetMessageId: mid });
  });

  it('validates draft bodies and Message-IDs', async () => {
    expect((await createDraft({ subjekt: 'x' })).json?.error.code).toBe('RequestBodyRead');
    const bad = await createDraft({ internetMessageId: 'no-brackets@x' });
    expect(bad.status).toBe(400);
    expect(bad.json?.error.code).toBe('ErrorInvalidInternetMessageId');
    expect((await graph(em, '/me/messages/not-an-id', at)).json?.error).toMatchObject({ code: 'ErrorInvalidIdMalformed', message: 'Id is malformed.' });
  });

  it('gives a sent draft a new regular id; the old one answers 404', async () => {
    const draft = await createDraft();
    await sendDraft(draft.json?.id);
    const old = await graph(em, `/me/messages/${draft.json?.id}`, at);
    expect(old.status).toBe(404);
    expect(old.json?.error).toMatchObject({ code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' });
    const found = await search('/me/mailFolders/sentitems/messages', draft.json?.internetMessageId);
    expect(found.json?.value).toHaveLength(1);
    expect(found.json?.value[0].id).not.toBe(draft.json?.id);
    expect(found.json?.value[0].isDraft).toBe(false);
  });

  it('keeps an immutable id across the send', async () => {
    const draft = await createDraft({}, IMMUTABLE);
    expect(draft.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
    const id = draft.json?.id as string;
    expect(id).toMatch(/^AAkALg/);
    const asDraft = await graph(em, `/me/messages/${id}`, at, { headers: IMMUTABLE });
    expect(asDraft.json).toMatchObject({ id, isDraft: true });
    expect((await sendDraft(id)).status).toBe(202);
    const sent = await graph(em, `/me/messages/${id}?$select=isDraft,internetMessageId,parentFolderId`, at, { headers: IMMUTABLE });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ id, isDraft: false, internetMessageId: draft.json?.internetMessageId });
    expect(sent.json).not.toHaveProperty('subject');
    expect(sent.json?.parentFolderId).not.toBe(asDraft.json?.parentFolderId);
    // Sending it again: it is no longer a draft.
    expect((await sendDraft(id)).json?.error.code).toBe('ErrorInvalidOperation');
    expect(em.mailbox('megan@contoso.example').inbox).toHaveLength(1);
  });

  it('deletes drafts', async () => {
    const draft = await createDraft();
    expect((await graph(em, `/me/messages/${draft.json?.id}`, at, { method: 'DELETE' })).status).toBe(204);
    expect(em.mailbox('adele@contoso.example').drafts).toHaveLength(0);
    expect((await graph(em, `/me/messages/${draft.json?.id}`, at, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('Sent Items search by internetMessageId', () => {
  it('finds sendMail and draft messages, with $select, in Sent Items and the whole mailbox', async () => {
    const mid = '<direct-1@mailbridge.example>';
    await graph(em, '/me/sendMail', at, { json: { message: draftBody({ internetMessageId: mid }) } });
    const inSent = await search('/me/mailFolders/sentitems/messages', mid, '&$select=id,internetMessageId,isDraft');
    expect(inSent.status).toBe(200);
    expect(inSent.json?.value).toEqual([expect.objectContaining({ internetMessageId: mid, isDraft: false })]);
    expect(inSent.json?.value[0]).not.toHaveProperty('subject');
    expect((await search('/me/messages', mid)).json?.value).toHaveLength(1);
    expect((await search('/me/mailFolders/drafts/messages', mid)).json?.value).toHaveLength(0);
    expect((await search('/me/messages', '<other@x>')).json?.value).toEqual([]);
    const badFilter = await graph(em, `/me/messages?$filter=${encodeURIComponent("startswith(subject, 'x')")}`, at);
    expect(badFilter.json?.error.code).toBe('ErrorInvalidUrlQueryFilter');
    const badSelect = await graph(em, '/me/messages?$select=nope', at);
    expect(badSelect.json?.error).toMatchObject({ code: 'RequestBroker--ParseUri', message: "Could not find a property named 'nope' on type 'microsoft.graph.message'." });
  });

  it('hides a sent message until the Sent Items lag has passed', async () => {
    em.setSentItemsLag(60_000);
    const draft = await createDraft({}, IMMUTABLE);
    await sendDraft(draft.json?.id);
    const mid = draft.json?.internetMessageId as string;
    expect((await search('/me/mailFolders/sentitems/messages', mid)).json?.value).toEqual([]);
    expect((await graph(em, `/me/messages/${draft.json?.id}`, at, { headers: IMMUTABLE })).status).toBe(404);
    // Delivery itself is not delayed, and the control view sees the truth.
    expect(em.mailbox('megan@contoso.example').inbox).toHaveLength(1);
    expect(em.mailbox('adele@contoso.example').sentItems).toHaveLength(1);
    em.clock.advance(60_000);
    expect((await search('/me/mailFolders/sentitems/messages', mid)).json?.value).toHaveLength(1);
    expect((await graph(em, `/me/messages/${draft.json?.id}`, at, { headers: IMMUTABLE })).json?.isDraft).toBe(false);
  });

  it('pages with $top and @odata.nextLink', async () => {
    for (let i = 0; i < 3; i++) await graph(em, '/me/sendMail', at, { json: { message: draftBody({ subject: `n${i}` }) } });
    const first = await graph(em, '/me/mailFolders/SentItems/messages?$top=2&$select=subject', at);
    expect(first.json?.value.map((m: { subject: string }) => m.subject)).toEqual(['n2', 'n1']);
    const next = new URL(first.json?.['@odata.nextLink']);
    const second = await graph(em, `${next.pathname.replace('/v1.0', '')}${next.search}`, at);
    expect(second.json?.value.map((m: { subject: string }) => m.subject)).toEqual(['n0']);
    expect(second.json).not.toHaveProperty('@odata.nextLink');
  });

  it('needs a read permission', async () => {
    const sendOnly = (await login(em, s, 'megan@contoso.example')).access_token;
    expect((await graph(em, '/me/messages', sendOnly)).json?.error.code).toBe('ErrorAccessDenied');
  });
});
