/**
 * The header section of a message as it came (RFC 5322 §2.2, §3.5): its fields as raw bytes, so
 * that what the relay does not change goes on byte for byte, and the body after it untouched.
 */
export interface HeaderSection {
  fields: HeaderField[];
  /** Everything after the header section: the empty line and the body, as received. */
  rest: Buffer;
}

export interface HeaderField {
  /** Lower-cased field name; null for a line that is no field (kept as it came). */
  name: string | null;
  /** The field's bytes, folded lines and the final line break included. */
  raw: Buffer;
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

/**
 * Splits a message into its header fields and the rest. The header section ends at the first
 * empty line (CRLF CRLF; a bare LF is taken for a line break too, as lenient clients write it);
 * a message without one is all header. Never throws.
 */
export function splitHeader(mime: Buffer): HeaderSection {
  const fields: HeaderField[] = [];
  let start = 0;
  let pos = 0;
  while (pos < mime.length) {
    const lf = mime.indexOf(LF, pos);
    const end = lf === -1 ? mime.length : lf + 1;
    const line = mime.subarray(pos, end);
    const empty = line.length === 0 || line[0] === LF || (line[0] === CR && line[1] === LF);
    if (empty) {
      if (pos > start) fields.push(field(mime.subarray(start, pos)));
      return { fields, rest: mime.subarray(pos) };
    }
    // A line starting with white space continues the field before it (folding, RFC 5322 §2.2.3).
    const continues = pos > 0 && (line[0] === SP || line[0] === TAB);
    if (!continues && pos > start) {
      fields.push(field(mime.subarray(start, pos)));
      start = pos;
    }
    pos = end;
  }
  if (pos > start) fields.push(field(mime.subarray(start, pos)));
  return { fields, rest: Buffer.alloc(0) };
}

function field(raw: Buffer): HeaderField {
  const colon = raw.indexOf(0x3a);
  const lf = raw.indexOf(LF);
  // A field name is printable ASCII without the colon (RFC 5322 §3.6.8), on the first line.
  const name = colon > 0 && (lf === -1 || colon < lf) ? raw.subarray(0, colon).toString('latin1') : '';
  return { name: /^[\x21-\x39\x3b-\x7e]+$/.test(name) ? name.toLowerCase() : null, raw };
}

/**
 * Why the relay cannot read this header as fields, or null when it can. Every line must be a
 * field (`name:` with a name of printable ASCII but the colon, RFC 5322 §2.2 and §3.6.8) or the
 * folded continuation of one (§2.2.3), with no bare CR and no NUL (§2.2, RFC 5322 allows neither
 * in a header). A line the relay did not read as a field would go on as it came, and a receiving
 * server might read it as one (`From : ceo@…`, a first line starting with white space): a From
 * or a To the relay never checked.
 */
export function headerProblem(section: HeaderSection): string | null {
  for (const f of section.fields) {
    if (f.name === null) return `The header has a line that is not a field (name: value): ${printable(f.raw)}`;
    if (f.raw.includes(0)) return `The header field ${f.name} contains a NUL character`;
    for (let cr = f.raw.indexOf(CR); cr !== -1; cr = f.raw.indexOf(CR, cr + 1)) {
      if (f.raw[cr + 1] !== LF) return `The header field ${f.name} contains a carriage return that does not end a line`;
    }
  }
  return null;
}

/** The start of a line for an error text: printable ASCII only, short. */
const printable = (raw: Buffer): string => JSON.stringify(raw.subarray(0, 40).toString('latin1').replace(/[^\x20-\x7e]/g, '?'));

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A field's body as text, unfolded: UTF-8 when its bytes are (RFC 6532 allows it), else Latin-1 so
 * that no byte is lost; the charset is returned for writing a changed field back the same way.
 */
export function fieldValue(f: HeaderField): { value: string; charset: 'utf8' | 'latin1' } {
  const colon = f.raw.indexOf(0x3a);
  const bytes = f.raw.subarray(colon + 1);
  let text: string;
  let charset: 'utf8' | 'latin1' = 'utf8';
  try {
    text = utf8.decode(bytes);
  } catch {
    text = bytes.toString('latin1');
    charset = 'latin1';
  }
  return { value: text.replace(/\r?\n(?=[ \t])/g, '').replace(/\r?\n$/, '').trim(), charset };
}

/** The line break the message uses (CRLF unless its first line ends with a bare LF). */
export function lineBreak(mime: Buffer): string {
  const lf = mime.indexOf(LF);
  return lf > 0 && mime[lf - 1] !== CR ? '\n' : '\r\n';
}

/**
 * A message received in pieces, cut after the empty line that ends its header (the same line
 * splitHeader stops at): the header as one buffer, the empty line included, and the body's pieces
 * as they are, so that only the header is ever copied. A message without an empty line is all head.
 */
export function cutHeader(chunks: readonly Buffer[]): { head: Buffer; body: Buffer[] } {
  const cut = (i: number, at: number) => ({ head: Buffer.concat([...chunks.slice(0, i), chunks[i]!.subarray(0, at)]), body: [chunks[i]!.subarray(at), ...chunks.slice(i + 1)] });
  let lineStart = true;
  let crFirst = false;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    let p = 0;
    while (p < c.length) {
      if (lineStart) {
        if (c[p] === LF) return cut(i, p + 1);
        if (c[p] === CR && !crFirst) {
          crFirst = true;
          p++;
          continue;
        }
      }
      lineStart = false;
      crFirst = false;
      const lf = c.indexOf(LF, p);
      if (lf === -1) break;
      p = lf + 1;
      lineStart = true;
    }
  }
  return { head: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), body: [] };
}
