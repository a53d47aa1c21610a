import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { DsnReport } from '../../core/ports.js';
import { dsnComposer } from './dsn-composer.js';

const report = (over: Partial<DsnReport> = {}): DsnReport => ({
  from: 'scanner@contoso.example',
  to: 'scanner@contoso.example',
  messageId: '<dsn.1@contoso.example>',
  date: new Date('2026-05-04T10:00:00Z'),
  reportingMta: 'mail.example.org',
  arrivalDate: new Date('2026-05-04T09:00:00Z'),
  recipients: [
    { address: 'bob@fabrikam.example', status: '5.1.1', reply: '550 5.1.1 A recipient address was refused' },
    { address: 'carol@fabrikam.example', status: '5.1.1', reply: '550 5.1.1 A recipient address was refused' },
  ],
  explanation: 'Your message could not be delivered.',
  originalHeaders: Buffer.from('From: scanner@contoso.example\r\nSubject: Scan\r\nMessage-ID: <scan-1@contoso.example>\r\n\r\n'),
  ...over,
});

describe('dsnComposer (RFC 3464, RFC 6522)', () => {
  it('writes multipart/report with the text, the delivery status per recipient, and the original headers', async () => {
    const mime = dsnComposer.compose(report()).toString();
    expect(mime).toMatch(/^Content-Type: multipart\/report; report-type=delivery-status; boundary="=_dsn_[0-9a-f]+"\r$/m);
    expect(mime).toMatch(/^Date: Mon, 04 May 2026 10:00:00 \+0000\r$/m);
    const status = /Content-Type: message\/delivery-status\r\n\r\n([\s\S]*?)\r\n--/.exec(mime)![1]!;
    expect(status.split('\r\n\r\n')).toEqual([
      'Reporting-MTA: dns; mail.example.org\r\nArrival-Date: Mon, 04 May 2026 09:00:00 +0000',
      'Final-Recipient: rfc822; bob@fabrikam.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 A recipient address was refused\r\nLast-Attempt-Date: Mon, 04 May 2026 10:00:00 +0000',
      'Final-Recipient: rfc822; carol@fabrikam.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 A recipient address was refused\r\nLast-Attempt-Date: Mon, 04 May 2026 10:00:00 +0000\r\n',
    ]);
    const parsed = await simpleParser(mime);
    expect(parsed.subject).toBe('Undelivered Mail Returned to Sender');
    expect(parsed.messageId).toBe('<dsn.1@contoso.example>');
    // mailparser reads the delivery status as text after the explanation.
    expect(parsed.text).toMatch(/^Your message could not be delivered\.\n\nReporting-MTA: dns; mail\.example\.org\n/);
    expect(parsed.attachments.map((a) => a.contentType)).toEqual(['text/rfc822-headers']);
    expect(parsed.attachments[0]!.content.toString()).toContain('Message-ID: <scan-1@contoso.example>');
  });

  it('uses the RFC 6533 types where something is not ASCII, and base64 for a text that is not', async () => {
    const mime = dsnComposer
      .compose(report({ recipients: [{ address: 'jörg@fabrikam.example', status: '5.1.1', reply: '550 5.1.1 refused' }], explanation: 'Não entregue', originalHeaders: Buffer.from('Subject: Relatório\r\n\r\n') }))
      .toString();
    expect(mime).toContain('Content-Type: message/global-delivery-status');
    expect(mime).toContain('Final-Recipient: utf-8; jörg@fabrikam.example');
    expect(mime).toContain('Content-Type: message/global-headers');
    expect((await simpleParser(mime)).text?.trim()).toBe('Não entregue'); // global-delivery-status is an attachment to it
  });

  it('never lets a value add a header line, and leaves the third part out without headers', () => {
    const mime = dsnComposer.compose(report({ to: 'x@y.example>\r\nBcc: victim@z.example', originalHeaders: null })).toString();
    expect(mime).not.toMatch(/^Bcc:/m);
    expect(mime).not.toContain('rfc822-headers');
  });
});
