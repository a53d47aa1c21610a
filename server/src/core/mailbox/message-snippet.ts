import { htmlToText } from './html-text.js';

/** How long a snippet is at most, in UTF-16 code units (what JavaScript and the API count). */
export const SNIPPET_MAX = 200;
/** How much of a text body is read: a snippet comes from the start (16 KiB of quotes and it shows them). */
const MAX_TEXT = 16 * 1024;

// An attribution line before a quote: "On Mon, 1 Jan 2024, Ann <ann@x> wrote:", and the same in
// fr, de, es, it, pt, nl (German and Dutch put the name after the verb: "Am …, schrieb Ann:").
const attribution = /(?:\b(?:wrote|a écrit|escribió|ha scritto|escreveu)\s*|\b(?:schrieb|schreef)\b.*):\s*$/i;
// A line that starts the original below a reply or a forward (Outlook's separator and its
// "-----Original Message-----" in several languages, Gmail's forward line).
const originalStarts =
  /^(?:_{10,}|-{2,}\s*(?:original message|forwarded message|mensaje original|message d'origine|ursprüngliche nachricht|messaggio originale|mensagem original|oorspronkelijk bericht)\s*-{2,})$/i;

/**
 * The text a reply adds, without what it quotes: lines starting with `>` go, and so does an
 * attribution line followed only by quoted lines (or by nothing, as after an HTML blockquote);
 * everything from an "Original Message" separator on goes. Stops once `enough` characters are kept.
 */
export function withoutQuotes(text: string, enough = Infinity): string {
  // Line by line as `text.split(/\r\n?|\n/)` would give them, but only as far as they are read:
  // a body's text is kilobytes, its snippet a few hundred characters.
  const kept: string[] = [];
  let length = 0;
  for (let at: number | null = 0; at !== null && length < enough; ) {
    const [line, next] = lineAt(text, at);
    at = next;
    if (originalStarts.test(line)) break;
    if (line.startsWith('>')) continue;
    if (attribution.test(line)) {
      let after = next;
      let following = '';
      while (after !== null && following === '') [following, after] = lineAt(text, after);
      if (following === '' || following.startsWith('>')) continue;
    }
    kept.push(line);
    length += line.length;
  }
  return kept.join('\n');
}

const lineBreak = /\r\n?|\n/g;

/** The line of `text` starting at `at`, trimmed, and where the next starts (null after the last). */
function lineAt(text: string, at: number): [string, number | null] {
  lineBreak.lastIndex = at;
  const end = lineBreak.exec(text);
  return end ? [text.slice(at, end.index).trim(), lineBreak.lastIndex] : [text.slice(at).trim(), null];
}

/** A message's body as the sync has it: the text/plain part, the text/html part, either or both. */
export interface SnippetSource {
  text?: string | null | undefined;
  html?: string | null | undefined;
}

/**
 * The first words of a message for a list: from the text part, else from the HTML; quoted replies
 * left out unless nothing else is there (a forward without a comment); white space collapsed,
 * control and direction-changing characters removed, at most `max` code units cut between
 * characters as the user sees them (no half surrogate pair, no base without its accents).
 * Never throws: a body that cannot be read gives ''.
 */
export function messageSnippet(source: SnippetSource, max = SNIPPET_MAX): string {
  try {
    const text = source.text ? source.text.slice(0, MAX_TEXT) : null;
    const readable = text && text.trim() !== '' ? text : source.html ? htmlToText(source.html, { enough: max * 2, skipQuotes: true }) : '';
    const own = clipSnippet(withoutQuotes(readable, max * 2), max);
    if (own !== '') return own;
    const all = !text && source.html ? htmlToText(source.html, { enough: max * 2 }) : readable;
    return clipSnippet(all.replace(/^[ \t]*>[> \t]*/gm, ''), max);
  } catch {
    return '';
  }
}

// C0 and C1 controls, bidi embeddings, overrides and isolates (a list line must not reorder the
// next), zero-width space, BOM and soft hyphen; joiners stay, emoji need them.
// eslint-disable-next-line no-control-regex -- control characters are what it removes.
const invisible = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200b\u202a-\u202e\u2066-\u2069\ufeff]/g;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Text made fit for a list line: one line, visible characters, at most `max` code units cut between graphemes. */
export function clipSnippet(text: string, max = SNIPPET_MAX): string {
  const head = text.slice(0, max * 8);
  // Printable ASCII and white space (most mail) hold nothing to replace, remove or compose, and
  // each of its characters is a grapheme: only the first `max` of it, white space collapsed, count.
  const flat = notPlainAscii.test(head)
    ? head.replace(loneSurrogate, '\ufffd').replace(invisible, '').replace(/\s+/g, ' ').trim().normalize('NFC')
    : collapseAscii(head, max);
  return flat.length <= max ? flat : flat.slice(0, graphemeCut(flat, max)).trimEnd();
}

// Anything but printable ASCII and ASCII white space (what `\s` matches there).
const notPlainAscii = /[^\t\n\v\f\r\x20-\x7e]/;

/** ASCII white space, as `\s` matches it there. */
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * `text.replace(/\s+/g, ' ').trim()` for ASCII text, stopped once it is longer than `max`: what
 * clipSnippet keeps of it is then the same.
 */
function collapseAscii(text: string, max: number): string {
  let out = '';
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  while (i < text.length && out.length <= max) {
    let j = i;
    while (j < text.length && !isSpace(text.charCodeAt(j))) j++;
    out += text.slice(i, j);
    i = j;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i < text.length) out += ' ';
  }
  return out;
}

/**
 * The last grapheme boundary at or before `max`. Between two characters below U+0300 (Latin
 * text, after NFC) there always is one (UAX #29: none of them extends or prepends); elsewhere
 * Intl.Segmenter decides, over a window around the cut only (segmenting is slow, about 1 µs a
 * grapheme on Node 20). A cluster longer than the window (a flood of combining marks) may be cut
 * inside, never leaving a mark without its base at the end.
 */
function graphemeCut(text: string, max: number): number {
  if (text.charCodeAt(max) < 0x300 && text.charCodeAt(max - 1) < 0x300) return max;
  const start = Math.max(0, max - 64);
  let end = start;
  for (const { segment, index } of graphemes.segment(text.slice(start, max + 64))) {
    if (start + index + segment.length > max) break;
    end = start + index + segment.length;
  }
  return end;
}
