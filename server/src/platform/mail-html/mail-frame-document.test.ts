import { describe, expect, it } from 'vitest';
import { mailFrameDocument } from './mail-frame-document.js';

describe('mailFrameDocument', () => {
  it('puts the sanitized HTML in the body after a head that comes first', () => {
    const doc = mailFrameDocument({ html: '<p style="color:red">Hi</p>', text: 'Hi' });
    expect(doc).toMatch(/^<!doctype html><html><head><meta charset=utf-8><base target=_blank><meta name=referrer content=no-referrer><style>/);
    expect(doc).toMatch(/<body><p style="color:red">Hi<\/p><\/body><\/html>$/);
  });

  it('shows the text, escaped, in a <pre> when there is no HTML', () => {
    const doc = mailFrameDocument({ html: null, text: 'a < b & <script>alert(1)</script>\n  "c"' });
    expect(doc).toContain('<body><pre class="mail-text">a &lt; b &amp; &lt;script&gt;alert(1)&lt;/script&gt;\n  "c"</pre></body>');
    expect(doc).not.toContain('<script');
  });

  it('an empty body without HTML or text', () => {
    expect(mailFrameDocument({ html: null, text: null })).toMatch(/<body><\/body><\/html>$/);
  });
});
