import addressparser from 'nodemailer/lib/addressparser';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import { applyEnvelope } from './apply-envelope.js';
import { cutHeader, fieldValue, splitHeader } from './header-fields.js';

const BODY = '\r\nGrüße — the body stays as it is.\r\nTo: not-a-header@fabrikam.example\r\n';
const message = (header: string[]) => Buffer.from(`${header.join('\r\n')}\r\n${BODY}`, 'utf8');
const newId = () => '<new-id@contoso.example>';
const headerOf = (mime: Buffer) => mime.toString('utf8').slice(0, mime.toString('utf8').indexOf('\r\n\r\n') + 2);

/** Every address the rewritten header's To, Cc and Bcc name, as a receiving parser reads them. */
function recipientsOf(mime: Buffer): string[] {
  const { fields } = splitHeader(mime);
  return fields.filter((f) => f.name === 'to' || f.name === 'cc' || f.name === 'bcc').flatMap((f) => addressparser(fieldValue(f).value, { flatten: true }).map((a) => (a.address ?? '').toLowerCase()));
}

describe('applyEnvelope', () => {
  it('writes To and Cc again from the list it read, even when they named exactly the envelope recipients; the rest byte for byte', () => {
    const mime = message(['From: Printer <scan@contoso.example>', 'To: "Bowen, Megan" <megan@contoso.example>,', ' alex@contoso.example', 'Cc: =?UTF-8?B?R3LDvMOfZQ==?= <grete@contoso.example>', 'Subject: Scan', 'Message-ID: <scan-1@printer.example>']);
    const r = applyEnvelope(mime, ['MEGAN@contoso.example', 'alex@contoso.example', 'grete@contoso.example'], newId);
    expect(headerOf(r.mime)).toBe('From: Printer <scan@contoso.example>\r\nTo: "Bowen, Megan" <megan@contoso.example>,\r\n <alex@contoso.example>\r\nCc: =?UTF-8?B?R3LDvMOfZQ==?= <grete@contoso.example>\r\nSubject: Scan\r\nMessage-ID: <scan-1@printer.example>\r\n');
    expect(r).toMatchObject({ headerFrom: ['scan@contoso.example'], headerSender: [], messageId: '<scan-1@printer.example>', removedRecipients: [], bcc: [] });
  });

  it('takes header recipients that are not in the envelope out of To and Cc, dropping a field left empty', () => {
    const mime = message(['From: scan@contoso.example', 'To: "Bowen, Megan" <megan@contoso.example>, Grüße Ä <outside@fabrikam.example>', 'Cc: other@fabrikam.example', 'X-Printer: Floor 3', 'Message-ID: <m@x>']);
    const r = applyEnvelope(mime, ['megan@contoso.example'], newId);
    expect(headerOf(r.mime)).toBe('From: scan@contoso.example\r\nTo: "Bowen, Megan" <megan@contoso.example>\r\nX-Printer: Floor 3\r\nMessage-ID: <m@x>\r\n');
    expect(r.removedRecipients).toEqual(['outside@fabrikam.example', 'other@fabrikam.example']);
    expect(r.mime.toString('utf8').endsWith(BODY)).toBe(true);
  });

  it('puts envelope-only recipients in a Bcc field, replacing any Bcc the message had (names kept)', () => {
    const mime = message(['From: a@contoso.example', 'Bcc: Secret <secret@contoso.example>, gone@fabrikam.example', 'To: megan@contoso.example', 'Message-ID: <m@x>']);
    const r = applyEnvelope(mime, ['megan@contoso.example', 'secret@contoso.example', 'hidden@fabrikam.example'], newId);
    expect(headerOf(r.mime)).toBe('From: a@contoso.example\r\nTo: <megan@contoso.example>\r\nMessage-ID: <m@x>\r\nBcc: Secret <secret@contoso.example>,\r\n <hidden@fabrikam.example>\r\n');
    expect(r.bcc).toEqual(['secret@contoso.example', 'hidden@fabrikam.example']);
    // A Bcc address that the envelope drops is not a "removed" To/Cc recipient: Bcc is rewritten whole.
    expect(r.removedRecipients).toEqual([]);
  });

  it('gives a message without a valid Message-ID one, and keeps only the first valid one', () => {
    expect(applyEnvelope(message(['From: a@x', 'To: b@x']), ['b@x'], newId)).toMatchObject({ messageId: '<new-id@contoso.example>' });
    const invalid = applyEnvelope(message(['From: a@x', 'To: b@x', 'Message-ID: not-an-id']), ['b@x'], newId);
    expect(headerOf(invalid.mime)).toBe('From: a@x\r\nTo: <b@x>\r\nMessage-ID: <new-id@contoso.example>\r\n');
    const two = applyEnvelope(message(['Message-ID:', ' <first@x>', 'From: a@x', 'To: b@x', 'Message-Id: <second@x>']), ['b@x'], newId);
    expect(two.messageId).toBe('<first@x>');
    expect(headerOf(two.mime)).toBe('Message-ID:\r\n <first@x>\r\nFrom: a@x\r\nTo: <b@x>\r\n');
  });

  it('keeps bytes that are not UTF-8 as they were, also in a rewritten field', () => {
    const latin1 = Buffer.concat([Buffer.from('From: a@x\r\nTo: "J'), Buffer.from([0xfc]), Buffer.from('rgen" <j@x>, drop@y\r\nSubject: caf'), Buffer.from([0xe9]), Buffer.from('\r\nMessage-ID: <m@x>\r\n\r\nbody '), Buffer.from([0xff, 0xfe]), Buffer.from('\r\n')]);
    const r = applyEnvelope(latin1, ['j@x'], newId);
    expect(r.mime.equals(Buffer.concat([Buffer.from('From: a@x\r\nTo: "J'), Buffer.from([0xfc]), Buffer.from('rgen" <j@x>\r\nSubject: caf'), Buffer.from([0xe9]), Buffer.from('\r\nMessage-ID: <m@x>\r\n\r\nbody '), Buffer.from([0xff, 0xfe]), Buffer.from('\r\n')]))).toBe(true);
  });

  it('copes with odd messages: bare LF, no body, groups, a message in pieces', () => {
    const lf = applyEnvelope(Buffer.from('From: a@x\nTo: b@x, c@y\nMessage-ID: <m@x>\n\nhi\n'), ['b@x'], newId);
    expect(lf.mime.toString()).toBe('From: a@x\nTo: <b@x>\nMessage-ID: <m@x>\n\nhi\n');
    const noBody = applyEnvelope(Buffer.from('From: a@x\r\nTo: b@x\r\nMessage-ID: <m@x>\r\n'), ['b@x'], newId);
    expect(noBody.mime.toString()).toBe('From: a@x\r\nTo: <b@x>\r\nMessage-ID: <m@x>\r\n\r\n');
    const group = applyEnvelope(message(['From: a@x', 'To: undisclosed-recipients:;', 'Message-ID: <m@x>']), ['b@x'], newId);
    expect(headerOf(group.mime)).toBe('From: a@x\r\nTo: undisclosed-recipients:;\r\nMessage-ID: <m@x>\r\nBcc: <b@x>\r\n');
    const whole = message(['From: a@x', 'To: b@x, c@y', 'Message-ID: <m@x>']);
    const expected = applyEnvelope(whole, ['b@x'], newId).mime;
    // Cut anywhere, the empty line included: the same result.
    for (const at of [1, 5, 33, 34, 35, 36, 37, whole.length - 1]) {
      expect(applyEnvelope([whole.subarray(0, at), whole.subarray(at)], ['b@x'], newId).mime.equals(expected)).toBe(true);
    }
  });

  it('splits the header into fields, folded lines included, and stops at the empty line', () => {
    const { fields, rest } = splitHeader(Buffer.from('Subject: a\r\n  b\r\nnot a field\r\nX-A: 1\r\n\r\nTo: not@header\r\n'));
    expect(fields.map((f) => [f.name, f.raw.toString()])).toEqual([['subject', 'Subject: a\r\n  b\r\n'], [null, 'not a field\r\n'], ['x-a', 'X-A: 1\r\n']]);
    expect(rest.toString()).toBe('\r\nTo: not@header\r\n');
    const cut = cutHeader([Buffer.from('A: 1\r\nB: 2\r'), Buffer.from('\n\r'), Buffer.from('\nbody\r\n')]);
    expect([cut.head.toString(), Buffer.concat(cut.body).toString()]).toEqual(['A: 1\r\nB: 2\r\n\r\n', 'body\r\n']);
  });
});

describe('applyEnvelope never lets a name become an address', () => {
  const envelope = ['ok@allowed.com', 'ok2@allowed.com'];
  const cases: Array<[string, string[]]> = [
    ['To: "=?utf-8?q?x?= , victim@evil.com ," <ok@allowed.com>, removed@other.com', []],
    ['To: "=?utf-8?q?a,b@evil.com,?=" <ok@allowed.com>', []],
    ['To: "=?utf-8?q?x?= <victim@evil.com>; y:" <ok@allowed.com>', []],
    ['To: "a\\"b, victim@evil.com" <ok@allowed.com>', []],
    ['To: "x\\\\", victim@evil.com <ok@allowed.com>', []],
    ['To: <ok@allowed.com> <victim@evil.com>', []],
    ['To: ok@allowed.com victim@evil.com', []],
    ['To: ok@allowed.com (victim@evil.com)', []],
    ['To: Team: ok@allowed.com, victim@evil.com;', []],
    ['To: "=?utf-8?q?x?= , victim@evil.com ," <ok@allowed.com>\r\nTo: "y, victim2@evil.com" <ok2@allowed.com>', []],
    ['To: ok@allowed.com\r\nBcc: "=?utf-8?q?x?= , victim@evil.com ," <ok2@allowed.com>', ['ok2@allowed.com']],
    ['To: ok@allowed.com\r\nBcc: "evil\\r\\nTo: victim@evil.com" <ok2@allowed.com>', ['ok2@allowed.com']],
    ['Cc: "a@b" <ok@allowed.com>, "c:d;" <ok2@allowed.com>', []],
  ];
  it.each(cases)('%s', (fields, onlyInBcc) => {
    const r = applyEnvelope(Buffer.from(`From: a@allowed.com\r\n${fields}\r\nMessage-ID: <m@x>\r\n\r\nbody\r\n`), envelope, newId);
    // Read back as a receiving server would: exactly the envelope, each address once per field it is in.
    expect(new Set(recipientsOf(r.mime))).toEqual(new Set(envelope));
    expect(r.bcc).toEqual(onlyInBcc.length > 0 ? onlyInBcc : envelope.filter((a) => !fields.includes(a)));
    expect(r.mime.toString()).not.toMatch(/[\r\n]To: victim/);
  });

  it('quotes the name of the reported injection', () => {
    const r = applyEnvelope(Buffer.from('From: a@allowed.com\r\nTo: "=?utf-8?q?x?= , victim@evil.com ," <ok@allowed.com>, removed@other.com\r\n\r\n'), envelope, newId);
    expect(headerOf(r.mime)).toBe('From: a@allowed.com\r\nTo: "=?utf-8?q?x?= , victim@evil.com ," <ok@allowed.com>\r\nBcc: <ok2@allowed.com>\r\nMessage-ID: <new-id@contoso.example>\r\n');
    expect(r.removedRecipients).toEqual(['removed@other.com']);
  });

  it('writes a name of encoded words as it is, and quotes anything else', () => {
    const r = applyEnvelope(Buffer.from('From: a@x\r\nTo: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_M?= <ok@allowed.com>, "=?utf-8?q?a?= , b" <ok2@allowed.com>\r\n\r\n'), envelope, newId);
    expect(headerOf(r.mime)).toContain('To: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_M?= <ok@allowed.com>,\r\n "=?utf-8?q?a?= , b" <ok2@allowed.com>\r\n');
  });
});

describe('applyEnvelope refuses a header it cannot read as fields (550 5.6.0), or without exactly one From', () => {
  const refused = (mime: string | Buffer) => {
    try {
      applyEnvelope(Buffer.isBuffer(mime) ? mime : Buffer.from(mime), ['b@x'], newId);
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInputError);
      return (e as Error).message;
    }
    throw new Error('not refused');
  };
  it.each([
    ['From : ceo@corp.com\r\nFrom: a@x\r\nTo: b@x\r\n\r\nx\r\n', /line that is not a field.*"From : ceo@corp.com/],
    [' From: ceo@corp.com\r\nFrom: a@x\r\nTo: b@x\r\n\r\nx\r\n', /line that is not a field/],
    ['From: a@x\r\nTo: b@x\r\nnot a field\r\n\r\nx\r\n', /line that is not a field/],
    ['From: a@x\r\nTo: b@x\rFrom: ceo@corp.com\r\n\r\nx\r\n', /carriage return/],
    ['From: a@x\r\nSubject: a\0b\r\nTo: b@x\r\n\r\nx\r\n', /NUL/],
    ['To: b@x\r\nSubject: x\r\n\r\nx\r\n', /no From: header field/],
    ['\r\njust a body\r\n', /no From: header field/],
    ['From: a@x\r\nFrom: ceo@corp.com\r\nTo: b@x\r\n\r\nx\r\n', /2 From: header fields/],
    ['From: undisclosed:;\r\nTo: b@x\r\n\r\nx\r\n', /names no address/],
  ])('%j', (mime, text) => {
    expect(refused(mime)).toMatch(text);
  });

  it('reads Sender: addresses for the sender check, and a bare CR or NUL in the body is no concern of the header', () => {
    const r = applyEnvelope(Buffer.from('From: a@x\r\nSender: Boss <boss@x>\r\nTo: b@x\r\n\r\nbody\rwith\0odd bytes\r\n'), ['b@x'], newId);
    expect(r.headerSender).toEqual(['boss@x']);
  });
});
