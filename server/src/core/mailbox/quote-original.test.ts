import { describe, expect, it } from 'vitest';
import { attributionLine, ENGLISH_ATTRIBUTION, quoteHtml, quoteText, replyHtml, replyText, textAsHtml } from './quote-original.js';

describe('attributionLine', () => {
  it('fills the date and the sender', () => {
    expect(attributionLine(ENGLISH_ATTRIBUTION, 'Mon, 1 Jan 2024 10:00', { address: 'ann@example.com', name: 'Ann Lee' })).toBe(
      'On Mon, 1 Jan 2024 10:00, Ann Lee <ann@example.com> wrote:',
    );
    expect(attributionLine('El {date}, {from} escribió:', '1/1/2024', { address: 'ann@example.com' })).toBe('El 1/1/2024, ann@example.com escribió:');
    expect(attributionLine(ENGLISH_ATTRIBUTION, 'today', null)).toBe('On today,  wrote:');
  });

  it('does not expand placeholders found in the values', () => {
    expect(attributionLine(ENGLISH_ATTRIBUTION, '{from}', { address: 'x@y', name: '{date}' })).toBe('On {from}, {date} <x@y> wrote:');
  });
});

describe('quoteText', () => {
  it('puts each line behind "> ", already quoted lines behind ">"', () => {
    expect(quoteText('On Monday, Ann wrote:', 'Hi\r\n\r\n> earlier\nbye\n\n')).toBe('On Monday, Ann wrote:\n> Hi\n>\n>> earlier\n> bye');
  });

  it('makes the reply text: own text, blank line, quote', () => {
    expect(replyText('Sure.\n\n', 'On Monday, Ann wrote:', 'Lunch?')).toBe('Sure.\n\nOn Monday, Ann wrote:\n> Lunch?\n');
  });
});

describe('quoteHtml', () => {
  it('quotes the escaped original text in a blockquote', () => {
    const html = quoteHtml('On Monday, Ann <ann@x> wrote:', { text: '<script>alert(1)</script>\nbye & "ciao"' });
    expect(html).toContain('<div>On Monday, Ann &#60;ann@x&#62; wrote:</div>');
    expect(html).toContain('<blockquote type="cite"');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;<br>\nbye &#38; &#34;ciao&#34;');
    expect(html).not.toContain('<script>');
  });

  it('quotes the sanitized HTML as given when there is one', () => {
    expect(quoteHtml('x', { sanitizedHtml: '<p>safe</p>', text: 'ignored' })).toContain('\n<p>safe</p>\n</blockquote>');
    expect(quoteHtml('x', {})).toContain('\n\n</blockquote>');
  });

  it('makes the reply HTML: own HTML, then the quote', () => {
    expect(replyHtml('<p>Sure</p>', 'intro', { text: 'Lunch?' })).toMatch(/^<div><p>Sure<\/p><\/div>\n<br>\n<div>intro<\/div>\n<blockquote[^>]*>\nLunch\?\n<\/blockquote>\n$/);
  });
});

describe('textAsHtml', () => {
  it("escapes every character HTML gives a meaning to, and keeps line breaks", () => {
    expect(textAsHtml(`a&b<c>d"e'f\r\ng`)).toBe('a&#38;b&#60;c&#62;d&#34;e&#39;f<br>\ng');
  });
});
