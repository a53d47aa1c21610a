import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from './sanitize-mail-html.js';
import { MAX_HTML_ELEMENTS, withinHtmlBounds } from './html-weight.js';

const opts = { images: 'block', cidUrl: () => null } as const;

describe('HTML too heavy to sanitize', () => {
  it('counts start tags, not every `<`', () => {
    expect(withinHtmlBounds('<p>1 < 2</p>'.repeat(MAX_HTML_ELEMENTS))).toBe(true);
    expect(withinHtmlBounds('<p>x</p>'.repeat(MAX_HTML_ELEMENTS + 1))).toBe(false);
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

  it('a deep but bounded nesting still goes through the sanitizer in reasonable time', () => {
    const started = performance.now();
    const out = sanitizeMailHtml(`${'<div>'.repeat(MAX_HTML_ELEMENTS - 10)}deep`, opts);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(out.html).toContain('<div>');
  });
});
