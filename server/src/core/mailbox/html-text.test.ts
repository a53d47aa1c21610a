import { describe, expect, it } from 'vitest';
import { decodeEntities } from './html-entities.js';
import { htmlToText } from './html-text.js';

describe('htmlToText', () => {
  it('keeps the text, turns blocks into lines and drops scripts, styles, head and comments', () => {
    const html = `<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head>
      <body><!-- hidden --><script>alert("x<p>")</script><p>Hello <b>Ann</b>,</p><div>see the<br>report</div>
      <table><tr><td>a</td><td>b</td></tr></table><svg><text>no</text></svg></body></html>`;
    expect(htmlToText(html)).toBe('Hello Ann,\nsee the\nreport\na b');
  });

  it('decodes entities in text', () => {
    expect(htmlToText('<p>Fish &amp; chips&nbsp;&#8212; &#x1F600; &eacute;t&eacute; &unknown; &#146;</p>')).toBe('Fish & chips\u00a0— 😀 été &unknown; \u2019'.replace('\u00a0', ' '));
  });

  it('leaves quoted replies out when asked', () => {
    const html = '<div>Sounds good.</div><div class="gmail_quote">On Mon, Ann wrote:<blockquote>old text</blockquote></div>';
    expect(htmlToText(html, { skipQuotes: true })).toBe('Sounds good.');
    expect(htmlToText('<p>Yes</p><blockquote type="cite"><p>q1</p><blockquote>q2</blockquote><p>q3</p></blockquote><p>after</p>', { skipQuotes: true })).toBe(
      'Yes\nafter',
    );
    expect(htmlToText('<p>Yes</p><div id="divRplyFwdMsg"><b>From:</b> Ann</div><p>old</p>', { skipQuotes: true })).toBe('Yes');
    expect(htmlToText('<p>Yes</p><blockquote>old</blockquote>')).toBe('Yes\nold');
  });

  it('stops early once it has enough', () => {
    const html = '<p>word</p>'.repeat(100_000);
    expect(htmlToText(html, { enough: 20 }).split('\n').length).toBeLessThan(10);
  });

  it('never throws and stays linear on malformed markup', () => {
    const hostile = [
      '<a href="'.repeat(50_000),
      '<p class=it\'s>text</p>',
      '<script>never closed',
      '<head><p>body without closing head',
      '</script</script'.repeat(20_000),
      '<!-- never closed',
      'a < b and c > d',
      '<<<>>>',
      '<img src="data:image/png;base64,' + 'A'.repeat(300_000) + '">after',
    ];
    const started = performance.now();
    const out = hostile.map((h) => htmlToText(h));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(out[1]).toBe('text');
    expect(out[2]).toBe('');
    expect(out[3]).toBe('body without closing head');
    expect(out[6]).toBe('a < b and c > d');
    expect(out[8]).toBe('after');
  });
});

describe('decodeEntities', () => {
  it('decodes named, decimal and hex references, with or without the semicolon', () => {
    expect(decodeEntities('&lt;b&gt; &quot;x&quot; &AMP; &#65;&#x42; &amp')).toBe('<b> "x" & AB &');
  });

  it('turns impossible code points into U+FFFD and 0x80–0x9F into windows-1252', () => {
    expect(decodeEntities('&#0;&#xD800;&#x110000;&#128;&#150;')).toBe('\ufffd\ufffd\ufffd€–');
  });

  it('leaves unknown names alone', () => {
    expect(decodeEntities('&nosuch; &Aacute;')).toBe('&nosuch; &Aacute;');
  });
});
