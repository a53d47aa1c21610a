/**
 * `Re:` and `Fwd:` subjects. RFC 5322 §3.6.5 suggests `Re: ` for replies and asks that it not be
 * localized, but clients do: Outlook writes `AW:`/`WG:` in German, `RV:` in Spanish, `TR:` in
 * French, `答复:`/`转发:` in Chinese, and so on. Recognising them keeps `Re: AW: Re: x` from growing.
 * Single-letter prefixes (Italian Outlook's `R:`/`I:`) are left out: too many real subjects start so.
 */
const replyWords = ['re', 'aw', 'sv', 'vs', 'antw', 'antwort', 'ref', 'réf', 'rif', 'res', 'odp', 'ynt', '回复', '回覆', '答复', '답장', '회신'];
const forwardWords = ['fwd', 'fw', 'tr', 'wg', 'rv', 'enc', 'doorst', 'vb', 'vl', 'pd', '转发', '轉寄', '전달'];

// A word, an optional `.` (`Réf.`), an optional counter (`Re[2]:`, `RE(3):`), then `:` or the
// full-width `：`, with white space allowed around (`Re :`). No two runs of `\s*` touch, so a
// subject of spaces is read in linear time (two adjacent runs made 40,000 spaces take seconds).
const prefix = (words: readonly string[]) => new RegExp(`^\\s*(?:${words.join('|')})\\.?\\s*(?:[[(]\\d{1,3}[\\])]\\s*)?[:：]\\s*`, 'iu');
const replyPrefix = prefix(replyWords);
const forwardPrefix = prefix(forwardWords);
const anyPrefix = prefix([...replyWords, ...forwardWords]);

/** A subject longer than this is cut before it is read: RFC 5322 §2.1.1 lines stop at 998 characters. */
const SUBJECT_MAX = 998;

/** Removes every leading prefix `pattern` matches (at most 50, against hostile subjects). */
function strip(subject: string, pattern: RegExp): string {
  let s = subject.slice(0, SUBJECT_MAX);
  for (let i = 0; i < 50; i++) {
    const m = pattern.exec(s);
    if (!m || m[0].length === 0) break;
    s = s.slice(m[0].length);
  }
  return s.trim();
}

/** The reply's subject: `Re: ` and the original's without its leading reply prefixes, in any language. A forward's `Fwd:` stays. */
export const replySubject = (subject: string): string => `Re: ${strip(subject, replyPrefix)}`.trimEnd();

/** The forward's subject: `Fwd: ` and the original's without its leading forward prefixes. A reply's `Re:` stays. */
export const forwardSubject = (subject: string): string => `Fwd: ${strip(subject, forwardPrefix)}`.trimEnd();

/** The subject without any leading reply or forward prefix: what a conversation's messages share. */
export const baseSubject = (subject: string): string => strip(subject, anyPrefix);
