import { describe, expect, it } from 'vitest';
import { MailMessagePatch, MailMessageQuery, MailMessageView, MailboxId, ReplyInput } from './mailbox.js';

describe('the mailbox API contract', () => {
  it('takes only its own ids: no IMAP UIDs with separators, nothing over 64 characters', () => {
    expect(MailboxId.safeParse('m_8f3k2QzLx-1').success).toBe(true);
    for (const bad of ['', 'INBOX/42', 'a'.repeat(65), '../x', 'AAMkAGI2=']) expect(MailboxId.safeParse(bad).success, bad).toBe(false);
  });

  it('reads list filters from query strings, refusing unknown keys and loose booleans', () => {
    expect(MailMessageQuery.parse({ unread: 'true', flagged: 'false', limit: '20', q: 'factura' })).toEqual({ unread: true, flagged: false, limit: 20, q: 'factura' });
    expect(MailMessageQuery.safeParse({ unread: '1' }).success).toBe(false);
    expect(MailMessageQuery.safeParse({ folders: 'x' }).success).toBe(false);
    expect(MailMessageQuery.safeParse({ since: 'yesterday' }).success).toBe(false);
  });

  it('a change names something to change; a reply has a body', () => {
    expect(MailMessagePatch.safeParse({}).success).toBe(false);
    expect(MailMessagePatch.parse({ unread: false })).toEqual({ unread: false });
    expect(ReplyInput.safeParse({ all: true }).success).toBe(false);
    expect(ReplyInput.parse({ all: true, text: 'Gracias' })).toEqual({ all: true, text: 'Gracias' });
  });
});

describe('the message view query', () => {
  it('takes images=allow or block, and nothing else', () => {
    expect(MailMessageView.parse({ images: 'allow' })).toEqual({ images: 'allow' });
    expect(MailMessageView.parse({})).toEqual({});
    for (const bad of [{ images: 'yes' }, { image: 'allow' }, { images: ['allow', 'allow'] }]) expect(MailMessageView.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
