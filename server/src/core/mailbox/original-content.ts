import type { Deps } from '../deps.js';
import { htmlToText } from './html-text.js';
import type { MailContent, ParsedAttachment } from './mail-content.js';
import type { LoadedMessage } from './mailbox-access.js';
import { loadMailBody } from './load-mail-body.js';

/** What a reply or forward quotes of the original. */
export interface OriginalContent {
  /** Its text part, else its HTML as text. */
  text: string;
  /** Its HTML sanitized (remote images left out), or null when it has none. */
  sanitizedHtml: string | null;
  attachments: ParsedAttachment[];
}

/**
 * The original's body for quoting. Its HTML is sanitized like any shown HTML (the quote goes out
 * in our name); `cid:` images stay `cid:` references when `keepInline` (a forward that carries
 * the parts along), and are dropped otherwise, since the reply does not carry them.
 */
export async function originalContent(deps: Deps, content: MailContent, loaded: LoadedMessage, keepInline: boolean): Promise<OriginalContent> {
  const parsed = await content.parse(await loadMailBody(deps, loaded));
  const contentIds = new Set(parsed.attachments.flatMap((a) => (a.contentId === null ? [] : [a.contentId.toLowerCase()])));
  const sanitizedHtml =
    parsed.html === null
      ? null
      : content.sanitizeHtml(parsed.html, { images: 'block', cidUrl: (cid) => (keepInline && contentIds.has(cid.toLowerCase()) ? `cid:${cid}` : null) }).html;
  const text = parsed.text ?? (parsed.html === null ? '' : htmlToText(parsed.html));
  return { text, sanitizedHtml, attachments: parsed.attachments };
}

/** The original's date in an attribution or forward header: RFC 7231's IMF-fixdate, readable in every language. */
export const quotedDate = (date: Date): string => date.toUTCString();
