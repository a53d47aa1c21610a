import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sensitive } from '../../server/src/core/sensitive.js';
import type { DeliveryJob } from '../../server/src/core/sending/mail-sender.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * A draft created by an attempt whose message was meanwhile taken over (its lease lapsed: the
 * checkpoint that records the draft fails) must not stay behind as a stray draft when the new
 * owner made its own; alone, it stays for the new owner to find by its Message-ID.
 */
describe('the Graph sender when recording its fresh draft fails', () => {
  let s: Stack;
  let token: Sensitive;
  const box = 'lapse@contoso.example';
  beforeAll(async () => {
    s = await startStack();
    const id = await s.linkedAccount(box, ['bob@contoso.example']);
    token = (await s.mb.store.tokens.get(id))!.accessToken;
  });
  afterAll(() => s?.close());

  const job = (internetMessageId: string): DeliveryJob => ({
    cloud: 'global',
    accessToken: token,
    mailbox: { address: box, personal: false },
    content: { kind: 'message', message: { to: [{ address: 'bob@contoso.example' }], cc: [], bcc: [], replyTo: [], subject: 'lapsed', text: 'x', attachments: [], headers: {} } },
    internetMessageId,
    guarantee: 'exactly_once',
    attempt: 1,
    progress: { draftId: null, sendStartedAt: null, upload: null },
    checkpoint: () => Promise.reject(new Error('the lease was lost')),
    readAttachment: () => Promise.reject(new Error('no files')),
    now: () => new Date(),
  });
  const drafts = (mid: string) => s.emulator.mailbox(box).drafts.filter((d) => d.internetMessageId === mid);
  const sender = () => s.mb.deps.outbox.methods.graph.sender;

  it("deletes its draft when the new owner's draft holds the message", async () => {
    const mid = '<lapsed-1@contoso.example>';
    const theirs = s.emulator.putMessage(box, { folder: 'drafts', message: { subject: 'lapsed', internetMessageId: mid, toRecipients: [{ emailAddress: { address: 'bob@contoso.example' } }] } });
    await expect(sender().deliver(job(mid))).rejects.toThrow('the lease was lost');
    expect(drafts(mid).map((d) => d.id)).toEqual([theirs.id]);
    expect(s.emulator.accepted({ internetMessageId: mid })).toEqual([]);
  });

  it('keeps it when it is the only one: the new owner finds it by its Message-ID', async () => {
    const mid = '<lapsed-2@contoso.example>';
    await expect(sender().deliver(job(mid))).rejects.toThrow('the lease was lost');
    expect(drafts(mid)).toHaveLength(1);
  });
});
