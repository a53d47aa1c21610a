import { decodeEntities } from './html-entities.js';

/** Options of {@link htmlToText}. */
export interface HtmlToTextOptions {
  /** Stop once this many non-space characters are out (a snippet needs few). */
  enough?: number;
  /** Leave out quoted replies: `<blockquote>` contents and everything after a client's reply divider. */
  skipQuotes?: boolean;
}

/** Past this much HTML nothing is read: a snippet comes from the start of a message. */
const MAX_HTML = 512 * 1024;

// Elements whose contents are never text; the scan jumps to their end tag.
const hidden = new Set(['script', 'style', 'title', 'template', 'noscript', 'head', 'svg', 'math', 'object', 'iframe', 'textarea', 'select']);
const blocks = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tr', 'ul',
]);
// Where clients start the quoted original: Outlook (divRplyFwdMsg, appendonsend), Gmail
// (gmail_quote), Thunderbird (moz-cite-prefix), Yahoo (yahoo_quoted).
const replyDivider = /\b(?:id|class)\s*=\s*["']?[^"'>]*\b(?:divRplyFwdMsg|appendonsend|gmail_quote|moz-cite-prefix|yahoo_quoted)\b/i;
/**
 * The text of an HTML body, for a snippet or a search: tags removed (blocks become line breaks),
 * script, style and other non-text contents dropped, entities decoded. Not a sanitizer: its
 * output is text, never HTML. Linear in the input and never throws on malformed markup (an
 * unclosed `<script` hides the rest, as in a browser).
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const { enough = Infinity, skipQuotes = false } = options;
  const src = html.length > MAX_HTML ? html.slice(0, MAX_HTML) : html;
  const out: string[] = [];
  let count = 0;
  let quoteDepth = 0;
  let at = 0;
  let full = false;
  const emit = (s: string) => {
    if (quoteDepth > 0 || s === '') return;
    // A long run of text is cut to what can still be needed; the scan ends after it.
    const room = (enough - count) * 4 + 64;
    const piece = s.length > room ? s.slice(0, room) : s;
    full = piece !== s;
    out.push(piece);
    count += piece.replace(/\s+/g, '').length;
  };
  while (count < enough && !full) {
    const lt = src.indexOf('<', at);
    if (lt < 0) break;
    emit(decodeEntities(src.slice(at, lt)));
    const tag = readTag(src, lt);
    at = tag.end;
    if (!tag.name) {
      if (tag.text) emit(tag.text);
      continue; // a comment, doctype or processing instruction
    }
    if (!tag.closing && hidden.has(tag.name) && !tag.selfClosing) {
      const close = new RegExp(`</${tag.name}\\b[^>]{0,1000}>`, 'ig');
      close.lastIndex = at;
      const e = close.exec(src);
      if (!e && tag.name === 'head') continue; // a head left open: its text is the body's
      at = e ? close.lastIndex : src.length;
      continue;
    }
    if (skipQuotes && !tag.closing && replyDivider.test(tag.attributes)) return finish(out);
    if (skipQuotes && tag.name === 'blockquote') quoteDepth = Math.max(0, quoteDepth + (tag.closing ? -1 : 1));
    if (blocks.has(tag.name)) out.push('\n');
    else if (tag.name === 'td' || tag.name === 'th') out.push(' ');
  }
  if (count < enough && !full && at < src.length) emit(decodeEntities(src.slice(at)));
  return finish(out);
}

interface Tag {
  /** Lower case; empty for a comment, a doctype or a `<` that opens no tag. */
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attributes: string;
  /** Where the scan goes on. */
  end: number;
  /** Text the `<` stood for when it opened no tag (`a < b`). */
  text?: string;
}

/**
 * Reads the markup at `lt` by hand, not with a regular expression: every character is looked at
 * once, so unclosed tags and quotes cannot make the scan quadratic. A tag whose `>` never comes
 * takes the rest of the input, as in a browser.
 */
function readTag(src: string, lt: number): Tag {
  const none = (end: number, text?: string): Tag => ({ name: '', closing: false, selfClosing: false, attributes: '', end, ...(text === undefined ? {} : { text }) });
  if (src.startsWith('<!--', lt)) {
    const e = src.indexOf('-->', lt + 4);
    return none(e < 0 ? src.length : e + 3);
  }
  const closing = src[lt + 1] === '/';
  const nameAt = lt + (closing ? 2 : 1);
  const first = src[nameAt] ?? '';
  if (first === '!' || first === '?') {
    const e = src.indexOf('>', nameAt);
    return none(e < 0 ? src.length : e + 1);
  }
  if (!/[a-zA-Z]/.test(first)) return none(lt + 1, '<');
  let i = nameAt;
  while (i < src.length && /[a-zA-Z0-9:-]/.test(src[i]!)) i++;
  const name = src.slice(nameAt, i).toLowerCase();
  const attrAt = i;
  // A quote opens only as an attribute's value (after `=`), as in a browser: a stray `'` in
  // `<p class=it's>` must not hide the text that follows.
  let quote = '';
  let previous = '';
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && previous === '=') quote = c;
    else if (c === '>') break;
    if (!/\s/.test(c)) previous = c;
  }
  const attributes = src.slice(attrAt, i);
  return { name, closing, selfClosing: /\/\s*$/.test(attributes), attributes, end: Math.min(i + 1, src.length) };
}

/** Joins the pieces: spaces within lines collapsed, blank lines and edges trimmed. */
const finish = (out: string[]): string =>
  out
    .join('')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
