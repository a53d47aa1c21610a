import type { MailAddress } from './mail-message.js';

/** The attribution line in English; the account's language gives its own (a later concern). */
export const ENGLISH_ATTRIBUTION = 'On {date}, {from} wrote:';

/** How a sender reads in an attribution: `Ann Lee <ann@example.com>`, or the bare address. */
export const displayAddress = (a: MailAddress | null): string => (a === null ? '' : a.name ? `${a.name} <${a.address}>` : a.address);

/** Fills an attribution template's `{date}` and `{from}` (the date already formatted for the reader). */
export const attributionLine = (template: string, date: string, from: MailAddress | null): string =>
  template.replace(/\{(date|from)\}/g, (_all, key: string) => (key === 'date' ? date : displayAddress(from)));

/**
 * The original quoted in plain text: the attribution, then each line behind `> `, or behind `>`
 * alone when it is already quoted, so nested quotes read `>> ` (RFC 3676 §4.5).
 */
export function quoteText(intro: string, original: string): string {
  const lines = original.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return [intro, ...lines.map((l) => (l.startsWith('>') ? `>${l}` : l === '' ? '>' : `> ${l}`))].join('\n');
}

/** A reply's text: what the user wrote, a blank line, then the quoted original. */
export const replyText = (own: string, intro: string, original: string): string => `${own.replace(/\s+$/, '')}\n\n${quoteText(intro, original)}\n`;

/** Text as HTML: escaped, line breaks kept. */
export const textAsHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r\n?|\n/g, '<br>\n');

/** The original for an HTML quote: its HTML, already sanitized by the caller, else its text. */
export interface QuotedOriginal {
  /** Sanitized HTML of the original's body (never raw mail HTML). */
  sanitizedHtml?: string | null | undefined;
  text?: string | null | undefined;
}

/** The original quoted in HTML: the escaped attribution, then a `blockquote type="cite"` as mail clients write it. */
export function quoteHtml(intro: string, original: QuotedOriginal): string {
  const body = original.sanitizedHtml ?? textAsHtml(original.text ?? '');
  return (
    `<div>${textAsHtml(intro)}</div>\n` +
    `<blockquote type="cite" style="margin:0 0 0 0.8ex;border-left:1px solid #ccc;padding-left:1ex">\n${body}\n</blockquote>`
  );
}

/** A reply's HTML: what the user wrote (HTML), then the quoted original. */
export const replyHtml = (ownHtml: string, intro: string, original: QuotedOriginal): string => `<div>${ownHtml}</div>\n<br>\n${quoteHtml(intro, original)}\n`;
