import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { headerValue, incomingMessage, mailFlags } from './imap-message.js';

const fetched = (o: Partial<FetchMessageObject>): FetchMessageObject => ({ seq: 1, uid: 42, ...o });

describe('incomingMessage', () => {
  it('builds the message from the envelope, References and the body prefix', () => {
    const m = incomingMessage(fetched({
      flags: new Set(['\\Flagged']),
      size: 1234,
      envelope: {
        subject: 'Re: Budget', date: new Date('2024-01-02T10:00:00Z'), messageId: '<b@X.example>', inReplyTo: '<a@x.example>',
        from: [{ name: 'Ann', address: 'ann@x.example' }], to: [{ name: '', address: 'bob@x.example' }, { name: 'Group', address: '' }],
      },
      headers: Buffer.from('References: <root@x.example>\r\n <a@x.example>\r\n\r\n'),
      bodyStructure: { type: 'text/plain', parameters: { charset: 'utf-8' } },
      bodyParts: new Map([['text]<0>', Buffer.from('Sounds good.\r\n\r\nOn Monday Ann wrote:\r\n> old')]]),
    }));
    expect(m).toMatchObject({
      remoteId: '42', subject: 'Re: Budget', internetMessageId: '<b@x.example>', inReplyTo: '<a@x.example>', references: ['<root@x.example>', '<a@x.example>'],
      threadKey: '<root@x.example>', from: { name: 'Ann', address: 'ann@x.example' }, to: [{ address: 'bob@x.example' }], cc: [],
      unread: true, flagged: true, size: 1234, snippet: 'Sounds good.', hasAttachments: false,
    });
  });

  it('stores what it can of a message without an envelope, structure or valid date', () => {
    const m = incomingMessage(fetched({ envelope: { date: 'not a date' }, internalDate: new Date('2024-03-01T00:00:00Z') }));
    expect(m).toMatchObject({ subject: '', from: null, to: [], snippet: '', size: 0, hasAttachments: false, internetMessageId: null, references: [] });
    expect(m.date.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(m.threadKey).toMatch(/^s:/);
    expect(incomingMessage(fetched({})).date.getTime()).toBe(0);
  });
});

describe('mailFlags and headerValue', () => {
  it('reads \\Seen and \\Flagged without regard to case', () => {
    expect(mailFlags(new Set(['\\SEEN']))).toEqual({ unread: false, flagged: false });
    expect(mailFlags(undefined)).toEqual({ unread: true, flagged: false });
  });

  it('unfolds a header and joins repeated fields', () => {
    expect(headerValue(Buffer.from('references: <a@x>\r\n\t<b@x>\r\nReferences: <c@x>\r\n'), 'References')).toBe('<a@x>\t<b@x> <c@x>');
    expect(headerValue(Buffer.from('\r\n'), 'references')).toBeNull();
  });
});
