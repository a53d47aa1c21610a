import type { MessageStructureObject } from 'imapflow';
import type { SnippetSource } from '../../../core/mailbox/message-snippet.js';
import { snippetLeaves } from './body-structure.js';
import { decodePartText } from './transfer-decoding.js';

/**
 * How much of a message's body (`BODY.PEEK[TEXT]<0.N>`, RFC 3501 §6.4.5) the sync reads for the
 * snippet, in the same FETCH as the envelope: the first text part usually starts within it, and
 * messageSnippet needs far less than this of its text.
 */
export const BODY_PREFIX_BYTES = 8 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

/**
 * What the snippet is made of, found in the first bytes of the body with the BODYSTRUCTURE as
 * the map: the first text/plain part (else text/html), its transfer encoding and charset undone.
 * A part that starts beyond the prefix, a structure that does not match the bytes, or no text part
 * at all gives `{}` (an empty snippet); this never throws.
 *
 * The bytes are searched as they are (no copy into a string, no regular expression built per
 * message): the sync runs this for every message it reads, and a first sync reads them all.
 */
export function snippetSource(structure: MessageStructureObject | undefined, prefix: Buffer | undefined): SnippetSource {
  if (!structure || !prefix || prefix.length === 0) return {};
  try {
    for (const leaf of snippetLeaves(structure)) {
      const range = locate(structure, leaf.path, prefix, 0, prefix.length);
      if (!range) continue;
      const cut = range[1] === prefix.length && prefix.length >= BODY_PREFIX_BYTES;
      const body = decodePartText(prefix.subarray(range[0], range[1]), leaf.node.encoding, leaf.node.parameters?.charset, cut);
      // The same test as `body.trim() !== ''` (both know the same white space), stopping at the first letter.
      if (/\S/.test(body)) return leaf.kind === 'text' ? { text: body } : { html: body };
    }
  } catch {
    // Malformed MIME never stops the sync: no snippet.
  }
  return {};
}

/** Start and end of the part at `path` within `bytes[offset, end)` (the body of `node`), or null. */
function locate(node: MessageStructureObject, path: readonly number[], bytes: Buffer, offset: number, end: number): [number, number] | null {
  if (path.length === 0) return [offset, end];
  const boundary = node.parameters?.boundary;
  const index = path[0]!;
  const child = node.childNodes?.[index - 1];
  // A boundary outside latin1 can match no byte string (the bytes are read as latin1).
  if (!boundary || !child || /[\u0100-\uffff]/.test(boundary)) return null;
  const marker = Buffer.from(`--${boundary}`, 'latin1');
  const found: Delimiter[] = [];
  for (let d = nextDelimiter(bytes, marker, offset, end, offset); d && found.length <= index; d = nextDelimiter(bytes, marker, offset, end, d.after)) {
    found.push(d);
    if (d.close) break;
  }
  const open = found[index - 1];
  if (!open || open.close) return null;
  const partEnd = found[index]?.at ?? end;
  const start = headerEnd(bytes, open.after, partEnd);
  if (start < 0) return null;
  return locate(child, path.slice(1), bytes, start, partEnd);
}

interface Delimiter {
  /** Where it starts: the line break before it, which belongs to it. */
  at: number;
  /** Just after it (its line break included). */
  after: number;
  close: boolean;
}

/**
 * The next delimiter line in `bytes[from, end)` (the body being `[offset, end)`). RFC 2046
 * §5.1.1: "--" and the boundary at the start of a line (or of the body), then maybe white space
 * (transport padding), the close delimiter adding "--"; the line break before it belongs to it,
 * CRLF or a bare LF. As the pattern `(?:^|\r?\n)--B(--)?[ \t]*(?:\r?\n|$)` matched from `from`.
 */
function nextDelimiter(bytes: Buffer, marker: Buffer, offset: number, end: number, from: number): Delimiter | null {
  for (let p = bytes.indexOf(marker, from); p >= 0 && p + marker.length <= end; p = bytes.indexOf(marker, p + 1)) {
    let at: number;
    if (p === offset && from === offset) at = p;
    else if (p - 1 >= from && bytes[p - 1] === LF) at = p - 2 >= from && bytes[p - 2] === CR ? p - 2 : p - 1;
    else continue;
    const q = p + marker.length;
    if (q + 1 < end && bytes[q] === DASH && bytes[q + 1] === DASH) {
      const after = lineEnd(bytes, q + 2, end);
      if (after >= 0) return { at, after, close: true };
    }
    const after = lineEnd(bytes, q, end);
    if (after >= 0) return { at, after, close: false };
  }
  return null;
}

/** After `[ \t]*` and a line break (or the end) from `i`; -1 when something else follows. */
function lineEnd(bytes: Buffer, i: number, end: number): number {
  while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  if (i === end) return i;
  if (bytes[i] === LF) return i + 1;
  if (bytes[i] === CR && i + 1 < end && bytes[i + 1] === LF) return i + 2;
  return -1;
}

/**
 * Where a part's body starts: its own header ends at the first empty line, and a part without a
 * header starts with one (`\r?\n` at once, else the first `\r?\n\r?\n`). -1 when there is none.
 */
function headerEnd(bytes: Buffer, start: number, end: number): number {
  if (start < end && bytes[start] === LF) return start + 1;
  if (start + 1 < end && bytes[start] === CR && bytes[start + 1] === LF) return start + 2;
  for (let n = bytes.indexOf(LF, start); n >= 0 && n < end; n = bytes.indexOf(LF, n + 1)) {
    if (n + 1 < end && bytes[n + 1] === LF) return n + 2;
    if (n + 2 < end && bytes[n + 1] === CR && bytes[n + 2] === LF) return n + 3;
  }
  return -1;
}
