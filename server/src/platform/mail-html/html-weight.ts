/**
 * How much HTML sanitize-html is given. Its cost grows with the nesting as well as the size (an
 * email of 100,000 unclosed `<div>`, 500 KB, took 5 s of the one thread; 200,000 took 16 s), and
 * it runs while someone waits, so a hostile message could stall every user of the process. Real
 * mail nests a few dozen deep (tables in tables), far below MAX_HTML_DEPTH.
 */
export const MAX_HTML_DEPTH = 500;
export const MAX_HTML_CHARS = 4 * 1024 * 1024;

/** Elements that never have content, so never nest (HTML Living Standard, "void elements"). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// `[^<>]` stops a tag at the next `<`: text full of unclosed `<a` is read in linear time.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(\/?)>/g;

/**
 * Whether the HTML is within what is sanitized as HTML: its size, and its depth counted in one
 * linear pass as start tags less end tags (void and self-closed elements aside). Unclosed tags
 * count as open, as a hostile message would want them to.
 */
export function withinHtmlBounds(html: string): boolean {
  if (html.length > MAX_HTML_CHARS) return false;
  let depth = 0;
  for (const m of html.matchAll(TAG)) {
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3] && !VOID.has(m[2]!.toLowerCase()) && ++depth > MAX_HTML_DEPTH) return false;
  }
  return true;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * HTML beyond the bounds, shown as its text: tags dropped and the rest escaped in one linear
 * pass, in a `<pre>` that wraps. Nothing of its markup survives, so nothing can run or load.
 */
export function overweightHtmlAsText(html: string): string {
  const text = html.slice(0, MAX_HTML_CHARS).replace(/<[^>]*>?/g, ' ').replace(/[ \t]{2,}/g, ' ');
  return `<pre style="white-space: pre-wrap">${text.replace(/[&<>"]/g, (c) => ESCAPES[c]!)}</pre>`;
}
