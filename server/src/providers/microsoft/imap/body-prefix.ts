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

/**
 * What the snippet is made of, found in the first bytes of the body with the BODYSTRUCTURE as
 * the map: the first text/plain part (else text/html), its transfer encoding and charset undone.
 * A part that starts beyond the prefix, a structure that does not match the bytes, or no text part
 * at all gives `{}` (an empty snippet); this never throws.
 */
export function snippetSource(structure: MessageStructureObject | undefined, prefix: Buffer | undefined): SnippetSource {
  if (!structure || !prefix || prefix.length === 0) return {};
  try {
    const text = prefix.toString('latin1');
    for (const leaf of snippetLeaves(structure)) {
      const range = locate(structure, leaf.path, text);
      if (!range) continue;
      const cut = range[1] === text.length && prefix.length >= BODY_PREFIX_BYTES;
      const body = decodePartText(Buffer.from(text.slice(range[0], range[1]), 'latin1'), leaf.node.encoding, leaf.node.parameters?.charset, cut);
      if (body.trim() !== '') return leaf.kind === 'text' ? { text: body } : { html: body };
    }
  } catch {
    // Malformed MIME never stops the sync: no snippet.
  }
  return {};
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Start and end of the part at `path` within `text[offset, end)` (the body of `node`), or null. */
function locate(node: MessageStructureObject, path: readonly number[], text: string, offset = 0, end = text.length): [number, number] | null {
  if (path.length === 0) return [offset, end];
  const boundary = node.parameters?.boundary;
  const index = path[0]!;
  const child = node.childNodes?.[index - 1];
  if (!boundary || !child) return null;
  const body = text.slice(offset, end);
  // RFC 2046 §5.1.1: a delimiter is "--" and the boundary at the start of a line, then maybe
  // white space (transport padding); the close delimiter adds "--". The line break before it
  // belongs to the delimiter.
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escape(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const found: Array<{ at: number; after: number; close: boolean }> = [];
  for (let m = delimiter.exec(body); m && found.length <= index; m = delimiter.exec(body)) {
    found.push({ at: m.index, after: m.index + m[0].length, close: m[1] === '--' });
    if (m[1] === '--') break;
  }
  const open = found[index - 1];
  if (!open || open.close) return null;
  const partEnd = found[index]?.at ?? body.length;
  const part = body.slice(open.after, partEnd);
  // The part's own header ends at the first empty line; a part without a header starts with one.
  const headerEnd = /^\r?\n/.exec(part) ?? /\r?\n\r?\n/.exec(part);
  if (!headerEnd) return null;
  const start = offset + open.after + headerEnd.index + headerEnd[0].length;
  return locate(child, path.slice(1), text, start, offset + partEnd);
}
