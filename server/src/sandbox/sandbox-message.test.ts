import { describe, expect, it } from 'vitest';
import { bodyText, toSandboxMessage, visibleWith } from './sandbox-message.js';

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

describe('who sees a copy in the sandbox inbox', () => {
  const who = (address: string) => ({ emailAddress: { address } });
  // ana wrote to ben, Bcc sam: the copy in sam's mailbox names ben, not sam.
  const copy = { id: 'AAMk2', internetMessageId: '<2@x>', receivedDateTime: '2030-01-02T03:04:05Z', sentDateTime: '2030-01-02T03:04:05Z', message: { from: who('ana@x.test'), sender: who('ana@x.test'), toRecipients: [who('ben@x.test')] } };
  const keys = (...a: string[]) => new Set(a);

  it('the holder of the mailbox, in any case or Unicode form', () => {
    expect(visibleWith(keys('sam@x.test'), 'SAM@x.test', copy)).toBe(true);
  });

  it('its author, who chose every recipient', () => {
    expect(visibleWith(keys('ana@x.test'), 'sam@x.test', copy)).toBe(true);
  });

  it("not a recipient named on it: another mailbox's copy would show them the Bcc", () => {
    expect(visibleWith(keys('ben@x.test'), 'sam@x.test', copy)).toBe(false);
    expect(visibleWith(keys('ben@x.test'), 'ben@x.test', copy)).toBe(true);
  });

  it('not someone named only as its sender, nor anyone when it names no author', () => {
    expect(visibleWith(keys('ana@x.test'), 'sam@x.test', { ...copy, message: { ...copy.message, sender: who('eve@x.test') } })).toBe(false);
    expect(visibleWith(keys('ana@x.test', 'ben@x.test'), 'sam@x.test', { ...copy, message: { toRecipients: [who('ben@x.test')] } })).toBe(false);
  });
});
