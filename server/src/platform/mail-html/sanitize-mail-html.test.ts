import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml, type SanitizeMailHtmlOptions } from './sanitize-mail-html.js';
import { domViolations } from './testing/inspect-mail-html.js';

const cidUrl = (id: string) => (id === 'logo@example.com' ? `/mail-parts/${encodeURIComponent(id)}` : null);
const block: SanitizeMailHtmlOptions = { images: 'block', cidUrl };
const allow: SanitizeMailHtmlOptions = { images: 'allow', cidUrl };
const clean = (html: string, opts = block) => sanitizeMailHtml(html, opts).html;

describe('sanitizeMailHtml', () => {
  it('keeps the usual mail formatting', () => {
    const html =
      '<table width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" align="center">' +
      '<tr><td colspan="2" valign="top" style="padding:10px 20px;font-family:Arial, sans-serif">' +
      '<h1>Hi</h1><p dir="rtl"><b>bold</b> <i>it</i> <u>u</u> <font color="#336699" face="Verdana" size="2">f</font></p>' +
      '<ul><li>one</li></ul><blockquote>quoted</blockquote><hr /><br /></td></tr></table>';
    expect(clean(html)).toBe(html);
  });

  it('keeps safe inline CSS and drops the rest, declaration by declaration', () => {
    const style =
      "color:#333;background-color:rgb(255, 255, 255);font:bold 14px/1.5 'Segoe UI', Arial;text-align:center;" +
      'margin:0 auto;padding-top:4px;border:1px solid #ccc;border-radius:4px;width:100%;max-width:600px;display:none';
    expect(clean(`<div style="${style}">x</div>`)).toBe(`<div style="${style}">x</div>`);
    const hostile = [
      'position:fixed', 'position:absolute', 'z-index:9', 'background:url(http://t.example/p.gif)',
      'background-image:linear-gradient(red, blue)', 'width:expression(alert(1))', 'behavior:url(x.htc)',
      '-moz-binding:url(x.xml#x)', 'width:calc(100% - 2px)', 'color:var(--x)', 'content:"x"',
      'list-style-image:url(http://t.example/b.png)', 'cursor:url(http://t.example/c.cur), auto', 'color:re\\64',
    ];
    for (const decl of hostile) {
      expect(clean(`<p style="color:red;${decl}">x</p>`), decl).toBe('<p style="color:red">x</p>');
    }
  });

  it('keeps http, https, mailto and tel links, opening in a new tab without an opener', () => {
    for (const href of ['https://example.com/a?b=1&c=2', 'http://example.com/', 'mailto:a@example.com?subject=Hi', 'tel:+15551234']) {
      const out = clean(`<a href="${href}" target="_self" rel="opener">x</a>`);
      expect(out).toBe(`<a href="${href.replace(/&/g, '&amp;')}" rel="noopener noreferrer" target="_blank">x</a>`);
    }
  });

  it('drops every other link target but keeps the link text', () => {
    for (const href of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.com/', '/relative', '#top', '//example.com/', 'file:///etc/passwd']) {
      expect(clean(`<a href="${href}" target="_top">x</a>`), href).toBe('<a>x</a>');
    }
  });

  it("blocks remote images by default, leaving a placeholder with the image's alt text and size", () => {
    const html = '<img src="https://t.example/logo.png" alt="ACME" width="120" height="40" srcset="https://t.example/2x.png 2x">';
    expect(sanitizeMailHtml(html, block)).toEqual({ html: '<img alt="ACME" width="120" height="40" />', remoteImagesBlocked: true });
    expect(sanitizeMailHtml('<img src="//t.example/p.gif">', block)).toEqual({ html: '<img />', remoteImagesBlocked: true });
    expect(sanitizeMailHtml('<p>no images</p>', block).remoteImagesBlocked).toBe(false);
  });

  it('keeps http and https images when allowed, and never srcset or CSS backgrounds', () => {
    const out = sanitizeMailHtml(
      '<img src="https://t.example/a.png" srcset="https://t.example/b.png 2x"><img src="http://t.example/c.png"><img src="//t.example/d.png">' +
        '<div style="background:url(https://t.example/e.png)">x</div>',
      allow,
    );
    expect(out).toEqual({
      html: '<img src="https://t.example/a.png" /><img src="http://t.example/c.png" /><img src="https://t.example/d.png" /><div>x</div>',
      remoteImagesBlocked: false,
    });
  });

  it('rewrites cid: images through cidUrl and removes those without a part', () => {
    for (const opts of [block, allow]) {
      expect(sanitizeMailHtml('<img src="cid:logo@example.com" alt="logo"><img src="CID:%3Clogo%40example.com%3E">', opts)).toEqual({
        html: '<img alt="logo" src="/mail-parts/logo%40example.com" /><img src="/mail-parts/logo%40example.com" />',
        remoteImagesBlocked: false,
      });
      expect(clean('<p><img src="cid:missing@example.com" alt="gone">text</p>', opts)).toBe('<p>text</p>');
    }
  });

  it('keeps small raster data: images only', () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    expect(clean(`<img src="${png}">`)).toBe(`<img src="${png}" />`);
    expect(clean(`<img src="data:image/png;base64,${'A'.repeat(200_000)}">`)).toBe('<img />');
    expect(clean('<img src="data:image/svg+xml;base64,PHN2Zz4=">')).toBe('<img />');
  });

  it('drops relative image URLs, which would resolve against Mailbridge itself', () => {
    expect(sanitizeMailHtml('<img src="/api/v1/accounts" alt="a">', block)).toEqual({ html: '<img alt="a" />', remoteImagesBlocked: false });
  });

  it('unwraps a whole document: head, title and style blocks go, body becomes a div', () => {
    const html =
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Newsletter</title><style>p{color:red}</style>' +
      '<link rel="stylesheet" href="https://t.example/s.css"></head>' +
      '<body style="margin:0;background-color:#eee" bgcolor="#eee" onload="x()"><p>Hello</p></body></html>';
    expect(clean(html)).toBe('<div style="margin:0;background-color:#eee"><p>Hello</p></div>');
  });

  it('drops comments, conditional comments included, and keeps downlevel-revealed content', () => {
    expect(clean('a<!-- secret -->b<!--[if mso]><table><tr><td>mso</td></tr></table><![endif]-->c')).toBe('abc');
    expect(clean('<![if !mso]><p>not mso</p><![endif]>')).toBe('<p>not mso</p>');
  });

  it('escapes text, so that decoded entities stay text', () => {
    expect(clean('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"</p>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"</p>');
  });

  it('sanitizes a 2 MB newsletter quickly (time printed, not asserted)', () => {
    const block1 =
      '<table width="600" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 auto"><tr>' +
      '<td style="padding:12px 24px;font-family:Helvetica, Arial, sans-serif;font-size:14px;color:#333333;line-height:1.5">' +
      '<a href="https://news.example.com/article?id=1&amp;utm_source=mail" style="color:#0066cc;text-decoration:none">Read more</a> ' +
      '<img src="https://img.example.com/pic.jpg" width="552" alt="Picture" style="display:block;width:100%;max-width:552px">' +
      '<p style="margin:0 0 12px 0">Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>' +
      '<!-- tracking --><img src="https://t.example.com/open.gif?u=123" width="1" height="1" alt=""></td></tr></table>\n';
    const html = `<html><body>${block1.repeat(Math.ceil((2 * 1024 * 1024) / block1.length))}</body></html>`;
    const started = performance.now();
    const out = sanitizeMailHtml(html, block);
    const ms = performance.now() - started;
    console.log(`sanitizeMailHtml: ${(html.length / 1024 / 1024).toFixed(2)} MB in ${ms.toFixed(0)} ms`);
    expect(out.remoteImagesBlocked).toBe(true);
    expect(domViolations(out.html, { remoteImages: false, cidPrefix: '/mail-parts/' })).toEqual([]);
  });
});
