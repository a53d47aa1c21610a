import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { snippetSource } from './body-prefix.js';
import { hasAttachments, snippetLeaves } from './body-structure.js';
import { decodeCharset, decodePartText } from './transfer-decoding.js';

const leaf = (type: string, o: Partial<MessageStructureObject> = {}): MessageStructureObject => ({ type, ...o });
const multi = (type: string, boundary: string, childNodes: MessageStructureObject[]): MessageStructureObject => ({ type, parameters: { boundary }, childNodes });
const crlf = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('snippetSource', () => {
  it('reads a single-part body, its transfer encoding and charset undone', () => {
    const qp = leaf('text/plain', { encoding: 'quoted-printable', parameters: { charset: 'iso-8859-1' } });
    expect(snippetSource(qp, crlf('Caf=E9 au lait, soft=', 'break'))).toEqual({ text: 'Café au lait, softbreak' });
    const b64 = leaf('text/html', { encoding: 'base64', parameters: { charset: 'utf-8' } });
    expect(snippetSource(b64, Buffer.from(Buffer.from('<p>Grüße</p>').toString('base64')))).toEqual({ html: '<p>Grüße</p>' });
  });

  it('finds the text part of a nested multipart by its boundaries, preferring text/plain to html', () => {
    const structure = multi('multipart/mixed', 'outer', [
      multi('multipart/alternative', 'inner', [leaf('text/html'), leaf('text/plain', { parameters: { charset: 'utf-8' } })]),
      leaf('application/pdf', { disposition: 'attachment' }),
    ]);
    const body = crlf('preamble', '--outer', 'Content-Type: multipart/alternative; boundary=inner', '', '--inner', 'Content-Type: text/html', '', '<p>html</p>', '--inner  ', 'Content-Type: text/plain', '', 'the plain text', '--inner--', '--outer', '', 'JVBERi0=', '--outer--');
    expect(snippetSource(structure, body)).toEqual({ text: 'the plain text' });
  });

  it('takes the html when the plain part lies beyond the prefix, and a part without a header', () => {
    const structure = multi('multipart/alternative', 'b', [leaf('text/html'), leaf('text/plain')]);
    expect(snippetSource(structure, crlf('--b', '', '<b>first</b>', '--b', 'Content-Type: text/pl'))).toEqual({ html: '<b>first</b>' });
  });

  it('gives nothing for a structure the bytes do not match, and never throws', () => {
    const structure = multi('multipart/mixed', 'nowhere', [leaf('text/plain')]);
    expect(snippetSource(structure, crlf('--elsewhere', '', 'text'))).toEqual({});
    expect(snippetSource(undefined, crlf('x'))).toEqual({});
    expect(snippetSource(leaf('text/plain'), undefined)).toEqual({});
    expect(snippetSource(multi('multipart/mixed', '(weird[regex', [leaf('text/plain')]), crlf('--(weird[regex', '', 'ok'))).toEqual({ text: 'ok' });
  });
});

describe('decodePartText', () => {
  it('decodes a base64 prefix cut anywhere, and a UTF-8 character cut in two', () => {
    const full = Buffer.from('héllo wörld').toString('base64');
    expect(decodePartText(Buffer.from(full.slice(0, 9)), 'base64', 'utf-8')).toBe('héllo');
    expect(decodeCharset(Buffer.from('añ', 'utf8').subarray(0, 2), undefined, true)).toBe('a');
  });

  it('decodes named charsets, and unknown ones as UTF-8 or else windows-1252', () => {
    expect(decodeCharset(Buffer.from([0x82, 0xa0]), 'Shift_JIS')).toBe('あ');
    expect(decodeCharset(Buffer.from('plain ü'), 'x-unknown')).toBe('plain ü');
    expect(decodeCharset(Buffer.from([0x63, 0x61, 0x66, 0xe9]), undefined)).toBe('café');
  });
});

describe('snippetLeaves and hasAttachments', () => {
  it('skips text parts that are attachments', () => {
    const s = multi('multipart/mixed', 'x', [leaf('text/plain', { disposition: 'attachment' }), leaf('text/html')]);
    expect(snippetLeaves(s).map((l) => [l.kind, l.path])).toEqual([['html', [2]]]);
  });

  it('counts attachments, attached messages and files, but not inline images of an HTML body', () => {
    expect(hasAttachments(leaf('text/plain'))).toBe(false);
    expect(hasAttachments(leaf('application/pdf'))).toBe(true);
    expect(hasAttachments(multi('multipart/related', 'r', [leaf('text/html'), leaf('image/png', { id: '<logo>', disposition: 'inline' })]))).toBe(false);
    expect(hasAttachments(multi('multipart/mixed', 'm', [leaf('text/plain'), leaf('message/rfc822')]))).toBe(true);
    expect(hasAttachments(multi('multipart/mixed', 'm', [leaf('text/plain'), leaf('text/csv', { disposition: 'attachment' })]))).toBe(true);
  });
});
