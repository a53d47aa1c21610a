import { describe, expect, it } from 'vitest';
import type { MailAccount } from '../domain.js';
import type { OutgoingMessage } from '../ports.js';
import { applyDefaults } from './apply-defaults.js';
import { signatureText } from './signature-text.js';

const account = (defaults: Partial<MailAccount['defaults']>) =>
  ({ email: 'a@x.test', linkedAddress: 'A@x.test', defaults: { senderName: null, replyTo: null, signatureHtml: null, copyToSelf: false, ...defaults } }) as MailAccount;
const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ to: [{ address: 'b@y.test' }], cc: [], bcc: [], replyTo: [], subject: 's', attachments: [], headers: {}, ...over });

describe('applyDefaults', () => {
  it('changes nothing without defaults', () => {
    const m = message({ html: '<p>x</p>' });
    expect(applyDefaults(account({}), m)).toEqual(m);
  });
  it('fills the sender name (as the linked address), reply-to and Bcc to self', () => {
    const out = applyDefaults(account({ senderName: 'Sales', replyTo: 'r@x.test', copyToSelf: true }), message({ text: 't' }));
    expect(out.from).toEqual({ address: 'A@x.test', name: 'Sales' });
    expect(out.replyTo).toEqual([{ address: 'r@x.test' }]);
    expect(out.bcc).toEqual([{ address: 'A@x.test' }]);
  });
  it("keeps the caller's reply-to and does not copy self twice", () => {
    const out = applyDefaults(account({ replyTo: 'r@x.test', copyToSelf: true }), message({ text: 't', replyTo: [{ address: 'mine@x.test' }], cc: [{ address: 'a@X.test' }] }));
    expect(out.replyTo).toEqual([{ address: 'mine@x.test' }]);
    expect(out.bcc).toEqual([]);
  });
  it('signs HTML inside <body> and text after the "-- " separator', () => {
    const out = applyDefaults(account({ signatureHtml: '<b>Ann</b>' }), message({ html: '<html><body><p>x</p></body></html>', text: 'x' }));
    expect(out.html).toBe('<html><body><p>x</p><div class="mailbridge-signature"><b>Ann</b></div></body></html>');
    expect(out.text).toBe('x\n\n-- \nAnn');
  });
});

describe('signatureText', () => {
  it('renders breaks and blocks as lines, drops tags and scripts, decodes entities', () => {
    expect(signatureText('<p>Ann &amp; Bob</p><p>Tel&nbsp;1<br/>&#x41;&#66;</p><script>x()</script>')).toBe('Ann & Bob\nTel 1\nAB');
  });
});
