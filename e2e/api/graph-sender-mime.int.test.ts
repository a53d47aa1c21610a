import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

/**
 * The provider-neutral sender also takes raw MIME with its envelope (what the SMTP relay will
 * hand it): on the at-least-once path it goes as Graph's MIME sendMail (base64 text/plain body).
 */
describe('the Graph sender with raw MIME', () => {
  let s: Stack;
  let id: string;
  beforeAll(async () => {
    s = await startStack();
    id = await s.linkedAccount('mime@contoso.example', ['bob@contoso.example']);
  });
  afterAll(() => s?.close());

  it('sends raw MIME through sendMail, recording the send first; Microsoft keeps its Message-ID', async () => {
    const tokens = (await s.mb.store.tokens.get(id))!;
    const mime = Buffer.from(
      'From: mime@contoso.example\r\nTo: bob@contoso.example\r\nSubject: raw MIME\r\nMessage-ID: <raw-1@contoso.example>\r\n' +
        'X-Mailbridge-Test-Marker: mime-1\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello from MIME\r\n',
    );
    const checkpoints: unknown[] = [];
    await s.mb.deps.outbox.methods.graph.sender.deliver({
      cloud: 'global',
      accessToken: tokens.accessToken,
      mailbox: { address: 'mime@contoso.example', personal: false },
      content: { kind: 'mime', mime, envelope: { from: 'mime@contoso.example', to: ['bob@contoso.example'] } },
      internetMessageId: '<raw-1@contoso.example>',
      guarantee: 'at_least_once',
      attempt: 1,
      progress: { draftId: null, sendStartedAt: null, upload: null },
      checkpoint: async (p) => void checkpoints.push(p),
      readAttachment: () => Promise.reject(new Error('no files')),
      now: () => new Date(),
    });
    expect(checkpoints).toEqual([{ sendStartedAt: expect.any(Date) }]);
    const [accepted] = s.emulator.accepted({ marker: 'mime-1' });
    expect(accepted).toMatchObject({ via: 'sendMail', internetMessageId: '<raw-1@contoso.example>' });
    const inbox = s.emulator.mailbox('bob@contoso.example').inbox;
    expect(inbox.some((m) => (m.message as { subject?: string }).subject === 'raw MIME')).toBe(true);
  });
});
