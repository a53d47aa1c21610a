import { describe, expect, it } from 'vitest';
import { classifyMailUrl, MAX_DATA_IMAGE_CHARS } from './classify-mail-url.js';

describe('classifyMailUrl', () => {
  it.each([
    ['https://example.com/a b', { kind: 'web', href: 'https://example.com/a%20b', protocolRelative: false }],
    ['  HTTP://Example.COM/x\n', { kind: 'web', href: 'http://example.com/x', protocolRelative: false }],
    ['//t.example/p.gif', { kind: 'web', href: 'https://t.example/p.gif', protocolRelative: true }],
    ['\\\\t.example\\p.gif', { kind: 'web', href: 'https://t.example/p.gif', protocolRelative: true }],
    ['mailto:a@example.com', { kind: 'contact', href: 'mailto:a@example.com' }],
    ['TEL:+1 555', { kind: 'contact', href: 'TEL:+1 555' }],
    ['cid:part1.abc@example.com', { kind: 'cid', contentId: 'part1.abc@example.com' }],
    ['cid:%3Cpart1%40example.com%3E', { kind: 'cid', contentId: 'part1@example.com' }],
    ['data:image/gif;base64,R0lGODlhAQABAAAAACw=', { kind: 'data-image', href: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }],
  ])('%j is %j', (raw, expected) => {
    expect(classifyMailUrl(raw)).toEqual(expected);
  });

  it.each([
    'javascript:alert(1)', 'jav\tascript:alert(1)', ' \u000e javascript:alert(1)', 'java\0script:alert(1)',
    'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'data:image/svg+xml;base64,PHN2Zz4=',
    `data:image/png;base64,${'A'.repeat(MAX_DATA_IMAGE_CHARS)}`, '/relative', 'relative.png', '#top', '?q=1',
    'ftp://example.com/', 'file:///etc/passwd', 'https://', 'cid:', 'cid:%E0%A4%A', '',
  ])('%j is nothing we keep', (raw) => {
    expect(classifyMailUrl(raw)).toEqual({ kind: 'other' });
  });
});

describe('mailto links from received mail', () => {
  it('keep the addresses, subject, body and cc; never attach, bcc or other headers', () => {
    expect(classifyMailUrl('mailto:ann@example.com?subject=Hi&attach=/etc/passwd&BCC=x@evil.example&body=Hello&In-Reply-To=%3Cx%3E&cc=bo@example.com')).toEqual({
      kind: 'contact',
      href: 'mailto:ann@example.com?subject=Hi&body=Hello&cc=bo@example.com',
    });
    expect(classifyMailUrl('mailto:ann@example.com?attach=C:%5Cx')).toEqual({ kind: 'contact', href: 'mailto:ann@example.com' });
    expect(classifyMailUrl('mailto:ann@example.com')).toEqual({ kind: 'contact', href: 'mailto:ann@example.com' });
  });
});
