import { describe, expect, it } from 'vitest';
import { deltaEntry } from './graph-delta-item.js';

const item = {
  '@odata.type': '#microsoft.graph.message',
  '@odata.etag': 'W/"CQAAABYAAAA"',
  id: 'AAkALgAAimmutable=',
  subject: 'Quarterly numbers',
  from: { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.example' } },
  toRecipients: [{ emailAddress: { name: 'adele@contoso.example', address: 'adele@contoso.example' } }],
  ccRecipients: [{ emailAddress: { address: 'bob@contoso.example' } }, { emailAddress: { name: 'no address' } }],
  bccRecipients: [],
  replyTo: [],
  receivedDateTime: '2024-05-01T10:00:00Z',
  sentDateTime: '2024-05-01T09:59:58Z',
  isRead: false,
  flag: { flagStatus: 'flagged' },
  hasAttachments: true,
  internetMessageId: '<Abc@CONTOSO.example>',
  conversationId: 'AAQkADconv=',
  bodyPreview: 'Hi Adele,\r\nthe numbers are in.\r\n> quoted line',
};

describe('deltaEntry', () => {
  it('reads a full delta item as the sink takes it', () => {
    expect(deltaEntry(item)).toEqual({
      kind: 'message',
      message: {
        remoteId: 'AAkALgAAimmutable=',
        internetMessageId: '<Abc@contoso.example>',
        threadKey: 'c:AAQkADconv=',
        subject: 'Quarterly numbers',
        from: { address: 'megan@contoso.example', name: 'Megan Bowen' },
        to: [{ address: 'adele@contoso.example' }],
        cc: [{ address: 'bob@contoso.example' }],
        bcc: [],
        replyTo: [],
        date: new Date('2024-05-01T10:00:00Z'),
        unread: true,
        flagged: true,
        hasAttachments: true,
        size: 0,
        snippet: 'Hi Adele, the numbers are in.',
        inReplyTo: null,
        references: [],
      },
    });
  });

  it('treats a completed flag as not flagged, and fills what Graph left out', () => {
    const entry = deltaEntry({ id: 'x', flag: { flagStatus: 'complete' }, isRead: true });
    expect(entry).toMatchObject({ kind: 'message', message: { subject: '', from: null, to: [], unread: false, flagged: false, date: new Date(0), internetMessageId: null } });
    expect(entry.kind === 'message' && entry.message.threadKey).toMatch(/^s:/);
  });

  it('reads @removed entries, and skips what cannot be read', () => {
    expect(deltaEntry({ '@odata.type': '#microsoft.graph.message', id: 'gone', '@removed': { reason: 'deleted' } })).toEqual({ kind: 'removed', remoteId: 'gone' });
    expect(deltaEntry({ subject: 'no id' })).toEqual({ kind: 'unreadable' });
    expect(deltaEntry({ id: 'x', toRecipients: 'not a list' })).toEqual({ kind: 'unreadable' });
  });
});
