/**
 * How much HTML sanitize-html is given. Its cost grows faster than the input with nesting (an
 * email of 100,000 unclosed `<div>`, 500 KB, took 5 s of the one thread; 200,000 took 16 s), and
 * it runs while someone waits, so a hostile message could stall every user of the process.
 * Real mail stays far below these bounds (a heavy newsletter has a few thousand elements).
 */
export const MAX_HTML_ELEMENTS = 20_000;
export const MAX_HTML_CHARS = 4 * 1024 * 1024;

/** Whether the HTML is within what is sanitized as HTML; counted in one linear pass. */
export function withinHtmlBounds(html: string): boolean {
  if (html.length > MAX_HTML_CHARS) return false;
  let elements = 0;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    const next = html.charCodeAt(i + 1);
    // A start tag: `<` and a letter (RFC-less, as the HTML tokenizer reads it).
    if (((next | 32) >= 97 && (next | 32) <= 122) && ++elements > MAX_HTML_ELEMENTS) return false;
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
