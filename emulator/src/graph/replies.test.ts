import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { graph, login, MAIL_SCOPES } from '../testing/fixtures.js';
import { useSeededEmulator } from '../testing/use-emulator.js';

let em: Emulator;
let adele: string;
let megan: string;
const seeded = useSeededEmulator();
const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
beforeEach(async () => {
  ({ em } = seeded);
  adele = (await login(em, seeded.s, ADELE, MAIL_SCOPES)).access_token;
  megan = (await login(em, seeded.s, MEGAN, MAIL_SCOPES)).access_token;
});

const to = (...addresses: string[]) => addresses.map((address) => ({ emailAddress: { address } }));
const mime = async (token: string, id: string) =>
  (await fetch(`${em.url}/v1.0/me/messages/${id}/$value`, { headers: { authorization: `Bearer ${token}` } })).text();

/** Adele writes to Megan (cc someone outside); Megan's copy. */
async function received(): Promise<{ id: string; internetMessageId: string; conversationId: string }> {
  await graph(em, '/me/sendMail', adele, { json: { message: { subject: 'Plan', body: { contentType: 'Text', content: 'The plan.' }, toRecipients: to(MEGAN), ccRecipients: to('cc@elsewhere.example') } } });
  const inbox = await graph(em, '/me/mailFolders/inbox/messages', megan);
  return inbox.json?.value[0];
}

describe('replies and forwards', () => {
  it('createReply → send: the reply carries In-Reply-To and References, and joins the thread', async () => {
    const original = await received();
    const draft = await graph(em, `/me/messages/${original.id}/createReply`, megan, { json: { comment: 'Agreed.' } });
    expect(draft.status).toBe(201);
    expect(draft.json).toMatchObject({ subject: 'RE: Plan', isDraft: true, conversationId: original.conversationId, toRecipients: to(ADELE).map((r) => ({ emailAddress: { ...r.emailAddress, name: 'Adele Vance' } })) });
    expect(draft.json?.body.content).toContain('Agreed.');
    expect(draft.json?.body.content).toContain('The plan.');
    expect(draft.json?.parentFolderId).toBe((await graph(em, '/me/mailFolders/drafts', megan)).json?.id);
    expect((await graph(em, `/me/messages/${draft.json?.id}/send`, megan, { method: 'POST' })).status).toBe(202);

    const inbox = (await graph(em, '/me/mailFolders/inbox/messages', adele)).json?.value;
    expect(inbox[0]).toMatchObject({ subject: 'RE: Plan', internetMessageId: draft.json?.internetMessageId });
    const sent = (await graph(em, '/me/mailFolders/sentitems/messages?$orderby=receivedDateTime%20asc', adele)).json?.value;
    expect(inbox[0].conversationId).toBe(sent[0].conversationId);
    const text = await mime(adele, inbox[0].id);
    expect(text).toContain(`In-Reply-To: ${original.internetMessageId}`);
    expect(text).toContain(`References: ${original.internetMessageId}`);
    expect(text).toMatch(/^Subject: RE: Plan/m);
  });

  it('createReplyAll and createForward pick recipients as Outlook does; reply sends at once', async () => {
    const original = await received();
    const all = await graph(em, `/me/messages/${original.id}/createReplyAll`, megan, { method: 'POST' });
    expect(all.json?.toRecipients.map((r: { emailAddress: { address: string } }) => r.emailAddress.address)).toEqual([ADELE]);
    expect(all.json?.ccRecipients.map((r: { emailAddress: { address: string } }) => r.emailAddress.address)).toEqual(['cc@elsewhere.example']);
    const fwd = await graph(em, `/me/messages/${original.id}/createForward`, megan, { json: { toRecipients: to('boss@elsewhere.example'), comment: 'FYI' } });
    expect(fwd.json).toMatchObject({ subject: 'FW: Plan', toRecipients: to('boss@elsewhere.example') });
    const both = await graph(em, `/me/messages/${original.id}/createReply`, megan, { json: { comment: 'x', message: { body: { contentType: 'Text', content: 'y' } } } });
    expect(both.status).toBe(400);
    expect((await graph(em, `/me/messages/${original.id}/createReply`, megan, { json: { Comentario: 'x' } })).json?.error.code).toBe('RequestBodyRead');

    expect((await graph(em, `/me/messages/${original.id}/reply`, megan, { json: { comment: 'Quick.' } })).status).toBe(202);
    const reply = em.mailbox(ADELE).inbox.at(-1);
    expect(reply?.message.subject).toBe('RE: Plan');
    expect(reply?.inReplyTo).toBe(original.internetMessageId);
    expect(em.messages(MEGAN, 'drafts')).toHaveLength(2);
    // Megan's item is no item of Adele's mailbox.
    expect((await graph(em, `/me/messages/${original.id}/createReply`, adele, { method: 'POST' })).status).toBe(404);
  });

  it('keeps a Message-ID given in createReply\'s message, and lets a draft\'s be changed; never a received one\'s', async () => {
    const original = await received();
    const draft = await graph(em, `/me/messages/${original.id}/createReply`, megan, { json: { message: { internetMessageId: '<chosen-1@contoso.example>' } } });
    expect(draft.json?.internetMessageId).toBe('<chosen-1@contoso.example>');
    expect((await graph(em, `/me/messages/${original.id}/createReply`, megan, { json: { message: { internetMessageId: 'no brackets' } } })).json?.error.code).toBe('ErrorInvalidInternetMessageId');
    const patched = await graph(em, `/me/messages/${draft.json?.id}`, megan, { method: 'PATCH', json: { internetMessageId: '<chosen-2@contoso.example>' } });
    expect(patched.json?.internetMessageId).toBe('<chosen-2@contoso.example>');
    expect((await graph(em, `/me/messages/${draft.json?.id}/send`, megan, { method: 'POST' })).status).toBe(202);
    expect(em.accepted({}).at(-1)?.internetMessageId).toBe('<chosen-2@contoso.example>');
    const refused = await graph(em, `/me/messages/${original.id}`, megan, { method: 'PATCH', json: { internetMessageId: '<chosen-3@contoso.example>' } });
    expect(refused.json?.error.code).toBe('ErrorInvalidPropertyUpdateSentMessage');
  });
});
