/**
 * Limits on the shape of a JSON body, checked on its bytes before JSON.parse builds anything.
 * No request of ours needs more: a send with 500 recipients and 250 attachments has a few
 * thousand members and a depth of 4. A 1 MB body of 100,000 keys otherwise costs ~25 MB of heap
 * (the parsed object, then every schema and check that walks it) and nesting 100,000 deep
 * would overflow the stack of any recursive walk (issue 6).
 */
export const MAX_JSON_MEMBERS = 20_000;
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Names the first limit the body passes, or null. Bytes inside strings are skipped (RFC 8259 §7). */
export function jsonShapeProblem(body: Buffer): string | null {
  let depth = 0;
  let members = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > MAX_JSON_DEPTH) return `nests deeper than ${MAX_JSON_DEPTH} levels`;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      depth--;
    } else if (b === COMMA && ++members > MAX_JSON_MEMBERS) {
      return `has more than ${MAX_JSON_MEMBERS} fields and items`;
    }
  }
  return null;
}
