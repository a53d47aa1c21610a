import { describe, expect, it } from 'vitest';
import { bodyText, toSandboxMessage } from './sandbox-message.js';

describe('sandbox inbox messages', () => {
  it('turns HTML into text: no tags, no scripts, entities decoded, blocks on their own lines', () => {
    const html = '<div>\n  <h1>Title</h1>\n  <p>One&nbsp;&amp;   two<br>three</p><style>p{}</style><script>alert(1)</script>\n<img src=x onerror="alert(2)"></div>';
    expect(bodyText({ contentType: 'html', content: html })).toBe('Title\nOne & two\nthree');
    expect(bodyText({ contentType: 'HTML', content: '&lt;script&gt;' })).toBe('<script>');
  });

  it('keeps text bodies as they are (trimmed) and survives odd shapes', () => {
    expect(bodyText({ contentType: 'text', content: '  a <b> c\n' })).toBe('a <b> c');
    expect(bodyText(undefined)).toBe('');
    expect(bodyText({ content: 42 })).toBe('');
  });

  it('maps a stored Graph message: names with addresses, to + cc, receivedAt', () => {
    const m = toSandboxMessage('ben@x.test', {
      id: 'AAMk1', internetMessageId: '<1@x>', receivedDateTime: '2030-01-02T03:04:05Z', sentDateTime: '2030-01-02T03:04:05Z',
      message: {
        subject: 'Hi', body: { contentType: 'text', content: 'Hello' },
        from: { emailAddress: { name: 'Ana García', address: 'ana@x.test' } },
        toRecipients: [{ emailAddress: { address: 'ben@x.test' } }, { emailAddress: {} }],
        ccRecipients: [{ emailAddress: { name: 'Sam', address: 'sam@x.test' } }],
      },
    });
    expect(m).toEqual({ id: 'AAMk1', mailbox: 'ben@x.test', from: 'Ana García <ana@x.test>', to: ['ben@x.test', 'Sam <sam@x.test>'], subject: 'Hi', bodyText: 'Hello', receivedAt: '2030-01-02T03:04:05Z' });
  });
});
