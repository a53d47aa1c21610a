import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from './sanitize-mail-html.js';
import { MAX_HTML_CHARS, MAX_HTML_DEPTH, withinHtmlBounds } from './html-weight.js';

const opts = { images: 'block', cidUrl: () => null } as const;

describe('HTML too heavy to sanitize', () => {
  it('measures depth: closed and void elements do not nest, unclosed ones do', () => {
    expect(withinHtmlBounds('<p>1 < 2<br><img src=x><hr/></p>'.repeat(100_000))).toBe(true);
    expect(withinHtmlBounds(`${'<div>'.repeat(MAX_HTML_DEPTH)}x${'</div>'.repeat(MAX_HTML_DEPTH)}`)).toBe(true);
    expect(withinHtmlBounds('<div>'.repeat(MAX_HTML_DEPTH + 1))).toBe(false);
    expect(withinHtmlBounds('x'.repeat(MAX_HTML_CHARS + 1))).toBe(false);
  });

  it('reads tags that never close in linear time', () => {
    const started = performance.now();
    expect(withinHtmlBounds('<a'.repeat(1_000_000))).toBe(true);
    expect(withinHtmlBounds('<a x="'.repeat(500_000))).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('100,000 unclosed <div> with a script: shown as escaped text, quickly, nothing of the markup kept', () => {
    const hostile = `${'<div>'.repeat(100_000)}<script>alert(1)</script><img src=https://tracker.example/x onerror=alert(2)>hello`;
    const started = performance.now();
    const out = sanitizeMailHtml(hostile, opts);
    // Linear: well under the seconds sanitize-html would take (a loose bound for a loaded machine).
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(out.html.startsWith('<pre')).toBe(true);
    expect(out.html).not.toMatch(/<(div|script|img)/i);
    expect(out.html).toContain('alert(1)');
    expect(out.html).toContain('hello');
  });

  it('the worst within bounds: 4 MB of nesting as deep as allowed still sanitizes in reasonable time', () => {
    const block = `${'<div>'.repeat(MAX_HTML_DEPTH)}x${'</div>'.repeat(MAX_HTML_DEPTH)}`;
    const html = block.repeat(Math.floor((MAX_HTML_CHARS - 100) / block.length));
    expect(withinHtmlBounds(html)).toBe(true);
    const started = performance.now();
    const out = sanitizeMailHtml(html, opts);
    const ms = performance.now() - started;
    console.log(`sanitizeMailHtml: ${(html.length / 1024 / 1024).toFixed(2)} MB nested ${MAX_HTML_DEPTH} deep in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(10_000);
    expect(out.html).toContain('<div>');
  });
});
