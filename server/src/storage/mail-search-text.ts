import { sql, type RawBuilder } from 'kysely';

/** At most this many words of a query are searched: the rest add little and cost a lot. */
const MAX_QUERY_WORDS = 16;

/**
 * Text as the search sees it: compatibility forms unified (full-width letters, ligatures),
 * Latin, Greek and Cyrillic diacritics removed (so 'informacion' finds 'Información', and
 * Vietnamese 'viet' finds 'Việt'), lower case. Hangul and other scripts recompose (NFC).
 */
const fold = (text: string): string => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').normalize('NFC').toLowerCase();

/**
 * The words of a text: runs of letters, digits and marks, everything else a separator. Mail
 * addresses become their parts (`ana@contoso.com`: ana, contoso, com), which both engines then
 * index alike: PostgreSQL's parser would otherwise keep an address or a host name as one token
 * where FTS5 splits it.
 */
export const searchWords = (text: string): string[] =>
  (nonAscii.test(text) ? fold(text).split(/[^\p{L}\p{N}\p{M}]+/u) : text.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w !== '');

// ASCII text (most subjects, addresses and snippets) has nothing to decompose or fold, and its
// letters, digits and marks are [a-z0-9] once in lower case: the same words, without the Unicode
// normalizations, which the sync would otherwise run for every message it stores.
const nonAscii = /[\u0080-\uffff]/;

/**
 * What a message's full-text index holds: the words of its subject, sender and snippet, with a
 * space between. Part by part, the same words as of the parts joined with spaces (a space splits
 * words, and no normalization or case mapping reaches across it), so an ASCII snippet skips the
 * Unicode work when only a sender's name needs it.
 */
export function searchText(parts: ReadonlyArray<string | null | undefined>): string {
  let text = '';
  for (const part of parts) {
    if (!part) continue;
    const words = nonAscii.test(part) ? searchWords(part).join(' ') : asciiWords(part);
    if (words !== '') text = text === '' ? words : `${text} ${words}`;
  }
  return text;
}

/** searchWords(text).join(' ') for ASCII text: each run of other characters one space, none at the ends. */
const asciiWords = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * The condition for "every word of `query` starts a word of the message", or null when the query
 * has no words (only punctuation: nothing matches). The words hold letters, digits and marks
 * only, so quoting them leaves no FTS5 or tsquery syntax for a user to inject: `"or"*` is a
 * word, not an operator. The query text itself is a bound parameter.
 */
export function searchCondition(query: string, postgres: boolean): RawBuilder<boolean> | null {
  const words = [...new Set(searchWords(query))].slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return null;
  if (postgres) {
    const tsquery = words.map((w) => `'${w}':*`).join(' & ');
    return sql<boolean>`search @@ to_tsquery('simple', ${tsquery})`;
  }
  const match = words.map((w) => `"${w}"*`).join(' ');
  return sql<boolean>`seq in (select rowid from mail_messages_fts where mail_messages_fts match ${match})`;
}
