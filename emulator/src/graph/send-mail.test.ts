import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { useSeededEmulator } from '../testing/use-emulator.js';
import { graph, login, seed } from '../testing/fixtures.js';

let em: Emulator;
let at: string;
const seeded = useSeededEmulator();
beforeEach(async () => {
  ({ em } = seeded);
  const { s } = seeded;
  at = (await login(em, s, 'adele@contoso.example')).access_token;
});

const to = (address: string) => [{ emailAddress: { address } }];
const send = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  graph(em, '/me/sendMail', at, { json: { message: { subject: 's', toRecipients: to('megan@contoso.example'), ...message }, ...extra } });

describe('Graph mail', () => {
  it('answers 401 with Microsoft\'s challenge for expired and unknown tokens', async () => {
    em.expireAccessTokens('adele@contoso.example');
    const res = await graph(em, '/me', at);
    expect(res.status).toBe(401);
    expect(res.json?.error.code).toBe('InvalidAuthenticationToken');
    expect(res.json?.error.message).toBe('Lifetime validation failed, the token is expired.');
    expect(res.json?.error.innerError).toHaveProperty('request-id');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"');
    expect((await graph(em, '/me', 'EwBnope')).json?.error.message).toBe('CompactToken validation failed with reason code: 80049228.');
  });

  it('validates sendMail bodies like Graph', async () => {
    expect((await send({ subjekt: 'x' })).json?.error).toMatchObject({
      code: 'RequestBodyRead',
      message: "The property 'subjekt' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type.",
    });
    expect((await send({ toRecipients: to('not an address') })).json?.error).toMatchObject({
      code: 'ErrorInvalidRecipients',
      message: "At least one recipient isn't valid., Recipient 'not an address' isn't resolved. All recipients must be resolved before a message can be submitted.",
    });
    expect((await send({ toRecipients: [] })).json?.error.code).toBe('ErrorInvalidRecipients');
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `X-H${i}`, value: 'v' }));
    expect((await send({ internetMessageHeaders: six })).json?.error).toMatchObject({
      code: 'InvalidInternetMessageHeaderCollection', message: 'Maximum number of headers in one message should be less than or equal to 5.',
    });
    expect((await send({ internetMessageHeaders: [{ name: 'Foo', value: 'v' }] })).json?.error.code).toBe('InvalidInternetMessageHeader');
    const denied = await send({ from: { emailAddress: { address: 'ceo@contoso.example' } } });
    expect(denied.status).toBe(403);
    expect(denied.json?.error.code).toBe('ErrorSendAsDenied');
    const big = await send({ body: { contentType: 'Text', content: 'x'.repeat(4 * 1024 * 1024) } });
    expect(big.status).toBe(413);
    expect(big.json?.error).toMatchObject({ code: 'RequestEntityTooLarge', message: 'The maximum request length supported is 4MB.' });
    expect(em.mailbox('megan@contoso.example').inbox).toHaveLength(0);
  });

  it('accepts PascalCase parameters, stores attachments and honours saveToSentItems', async () => {
    const res = await graph(em, '/me/sendMail', at, {
      json: {
        Message: {
          subject: 'Report', toRecipients: [{ emailAddress: { address: 'megan@contoso.example', name: 'Megan' } }],
          bccRecipients: to('someone@elsewhere.example'),
          internetMessageHeaders: [{ name: 'X-Mailbridge-Id', value: '42' }],
          attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', contentBytes: 'aGVsbG8=', isInline: false }],
        },
        SaveToSentItems: false,
      },
    });
    expect(res.status).toBe(202);
    const got = em.mailbox('megan@contoso.example').inbox[0]?.message;
    expect(got).toMatchObject({ subject: 'Report', from: { emailAddress: { address: 'adele@contoso.example' } }, attachments: [{ contentBytes: 'aGVsbG8=' }] });
    expect(got).not.toHaveProperty('bccRecipients');
    expect(em.mailbox('adele@contoso.example').sentItems).toHaveLength(0);
  });

  it('sends MIME and rejects bad base64', async () => {
    const mime = 'From: Adele <adele@contoso.example>\r\nTo: "Bowen, Megan" <megan@contoso.example>\r\nSubject: MIME hello\r\n\r\nBody text\r\n';
    const ok = await graph(em, '/me/sendMail', at, { text: Buffer.from(mime).toString('base64') });
    expect(ok.status).toBe(202);
    const got = em.mailbox('megan@contoso.example').inbox[0];
    expect(got?.message.subject).toBe('MIME hello');
    expect(got?.mime).toBe(mime);
    const bad = await graph(em, '/me/sendMail', at, { text: 'not base64!!' });
    expect(bad.json?.error).toMatchObject({ code: 'ErrorMimeContentInvalidBase64String', message: 'Invalid base64 string for MIME content.' });
  });

  it('reports mailbox states and missing permissions', async () => {
    em.updateUser('adele@contoso.example', { mailboxFull: true });
    expect((await send({})).json?.error).toMatchObject({ code: 'ErrorQuotaExceeded', message: 'Mailbox has exceeded maximum mailbox size.' });
    em.updateUser('adele@contoso.example', { mailboxFull: false, mailboxEnabled: false });
    expect((await send({})).status).toBe(404);
    // Drafts need Mail.ReadWrite, which this token lacks.
    expect((await graph(em, '/me/messages', at, { json: { subject: 'd' } })).json?.error.code).toBe('ErrorAccessDenied');
  });

  it('creates and sends drafts', async () => {
    em.reset();
    const s = seed(em);
    const tokens = await login(em, s, 'adele@contoso.example', 'openid offline_access Mail.Send Mail.ReadWrite User.Read');
    const draft = await graph(em, '/me/messages', tokens.access_token, { json: { subject: 'Draft', toRecipients: to('megan@contoso.example') } });
    expect(draft.status).toBe(201);
    expect(draft.json).toMatchObject({ isDraft: true, subject: 'Draft' });
    expect(draft.json?.internetMessageId).toMatch(/^<.+@.+>$/);
    const sent = await graph(em, `/me/messages/${draft.json?.id}/send`, tokens.access_token, { method: 'POST' });
    expect(sent.status).toBe(202);
    expect(sent.text).toBe('');
    expect(em.mailbox('megan@contoso.example').inbox[0]?.internetMessageId).toBe(draft.json?.internetMessageId);
  });

  it('throttles the fifth concurrent request per mailbox and injects faults', async () => {
    em.setGraphLatency(150);
    const results = await Promise.all(Array.from({ length: 6 }, () => graph(em, '/me', at)));
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(2);
    expect(throttled[0]?.json?.error).toMatchObject({ code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' });
    expect(throttled[0]?.headers.get('retry-after')).toBe('1');
    em.setGraphLatency(0);
    em.injectFault({ endpoint: 'sendMail', graphError: 'TooManyRequests', retryAfter: '2.128' });
    const faulted = await send({});
    expect(faulted.status).toBe(429);
    expect(faulted.headers.get('retry-after')).toBe('2.128');
    expect((await send({})).status).toBe(202);
  });
});
