/**
 * Message identifiers as `Message-ID`, `In-Reply-To` and `References` carry them (RFC 5322
 * §3.6.4: `"<" id-left "@" id-right ">"`, separated by folding white space and comments).
 */

/** How much of a header is read, and how many ids are kept: a garbage header costs no more. */
const MAX_HEADER = 32 * 1024;
export const MAX_IDS = 100;
/** RFC 5322 §2.1.1: a line is at most 998 characters; no single id is longer. */
const MAX_ID = 998;

/**
 * One id in the form Mailbridge compares and stores: angle brackets, no white space (folding
 * may split an id, RFC 5322 §3.2.2), the domain part (id-right) in lower case since domain names
 * ignore case; the left part is kept, the RFC leaving its case to the generator. Null when
 * nothing is left.
 */
export function normalizeMessageId(raw: string): string | null {
  let id = raw.replace(/\s+/g, '');
  if (id.startsWith('<')) id = id.slice(1);
  if (id.endsWith('>')) id = id.slice(0, -1);
  id = id.replace(/[<>]/g, '');
  if (id === '' || id.length > MAX_ID) return null;
  const at = id.lastIndexOf('@');
  if (at > 0) id = id.slice(0, at + 1) + id.slice(at + 1).toLowerCase();
  return `<${id}>`;
}

/**
 * The ids of a header, in order, each once, at most `max`. Ids in angle brackets are taken as
 * they are (comments and phrases around them are dropped, as obsolete In-Reply-To allows,
 * RFC 5322 §4.5.4); a header with no bracket at all, as some broken clients write, is split on
 * white space and commas, keeping the words with an `@`.
 */
export function parseMessageIds(header: string | readonly string[] | null | undefined, max = MAX_IDS): string[] {
  if (header === null || header === undefined) return [];
  const text = (typeof header === 'string' ? header : header.join(' ')).slice(0, MAX_HEADER);
  const bracketed = text.match(/<[^<>]*>/g);
  const raw = bracketed ?? text.split(/[\s,]+/).filter((w) => w.includes('@'));
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const id = normalizeMessageId(r);
    if (id === null || seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
    if (ids.length >= max) break;
  }
  return ids;
}

/** The first id of a header (Message-ID, In-Reply-To), or null. */
export const firstMessageId = (header: string | readonly string[] | null | undefined): string | null => parseMessageIds(header, 1)[0] ?? null;
