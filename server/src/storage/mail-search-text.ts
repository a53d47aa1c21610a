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
export const searchWords = (text: string): string[] => fold(text).split(/[^\p{L}\p{N}\p{M}]+/u).filter((w) => w !== '');

/** What a message's full-text index holds: the words of its subject, sender and snippet. */
export const searchText = (parts: ReadonlyArray<string | null | undefined>): string => searchWords(parts.filter(Boolean).join(' ')).join(' ');

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
