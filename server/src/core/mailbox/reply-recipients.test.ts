import { describe, expect, it } from 'vitest';
import { replyRecipients, type ReplyOriginal } from './reply-recipients.js';

const a = (address: string, name?: string) => (name ? { address, name } : { address });
const own = ['me@contoso.com', 'sales@contoso.com'];
const original: ReplyOriginal = {
  from: a('ann@example.com', 'Ann'),
  replyTo: [],
  to: [a('Me@Contoso.com'), a('bob@example.com'), a('ANN@example.com')],
  cc: [a('carol@example.com'), a('sales@contoso.com'), a('bob@example.com')],
};

describe('replyRecipients', () => {
  it('replies to the sender', () => {
    expect(replyRecipients(original, own)).toEqual({ to: [a('ann@example.com', 'Ann')], cc: [] });
  });

  it('replies to Reply-To when the original has one', () => {
    expect(replyRecipients({ ...original, replyTo: [a('list@example.com'), a('list@EXAMPLE.com')] }, own)).toEqual({ to: [a('list@example.com')], cc: [] });
  });

  it('replies to all: the sender and To in To, Cc in Cc, without the own and send-as addresses, each once', () => {
    expect(replyRecipients(original, own, true)).toEqual({
      to: [a('ann@example.com', 'Ann'), a('bob@example.com')],
      cc: [a('carol@example.com')],
    });
  });

  it('replies to the original recipients when the mailbox sent the original itself', () => {
    const sent: ReplyOriginal = { from: a('sales@contoso.com'), replyTo: [], to: [a('dan@example.com')], cc: [a('erin@example.com')] };
    expect(replyRecipients(sent, own)).toEqual({ to: [a('dan@example.com')], cc: [] });
    expect(replyRecipients(sent, own, true)).toEqual({ to: [a('dan@example.com')], cc: [a('erin@example.com')] });
  });

  it('gives no recipient for an original without sender, and skips empty addresses', () => {
    expect(replyRecipients({ from: null, replyTo: [], to: [], cc: [] }, own)).toEqual({ to: [], cc: [] });
    expect(replyRecipients({ ...original, replyTo: [a('  ')] }, own)).toEqual({ to: [], cc: [] });
  });
});
