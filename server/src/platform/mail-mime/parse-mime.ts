import { simpleParser, type Attachment } from 'mailparser';
import type { ParsedAttachment, ParsedMail } from '../../core/mailbox/mail-content.js';
import { firstMessageId, parseMessageIds } from '../../core/mailbox/message-ids.js';

/** Content-IDs are `<id@host>` on the wire; `cid:` URLs name them without the brackets (RFC 2392 §2). */
const bareContentId = (cid: string | undefined): string | null => {
  const id = cid?.trim().replace(/^<|>$/g, '') ?? '';
  return id === '' ? null : id;
};

function attachment(a: Attachment, index: number): ParsedAttachment {
  const contentId = bareContentId(a.contentId ?? a.cid);
  return {
    id: `a${index}`,
    filename: a.filename?.trim() || `attachment-${index + 1}`,
    contentType: a.contentType || 'application/octet-stream',
    size: a.content.length,
    inline: a.contentDisposition === 'inline' || (a.related === true && contentId !== null),
    contentId,
    content: a.content,
  };
}

/**
 * The MIME (RFC 5322, RFC 2045–2049) as text, HTML and files, with mailparser. Nothing is
 * converted (no text made from HTML, no links or images rewritten): the caller sanitizes the HTML.
 * Never throws: what mailparser cannot read is shown as text, undecoded, rather than not at all.
 */
export async function parseMime(mime: Buffer): Promise<ParsedMail> {
  try {
    const parsed = await simpleParser(mime, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    const html = typeof parsed.html === 'string' && parsed.html !== '' ? parsed.html : null;
    const text = parsed.text !== undefined && parsed.text !== '' ? parsed.text : null;
    const attachments = parsed.attachments.map(attachment);
    // Nothing readable came out of a message that has a body: show what is there, as text.
    const body = bodyOf(mime);
    if (html === null && text === null && attachments.length === 0 && body.trim() !== '') return asText(body);

    const header = (name: string) => parsed.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1));
    return { text, html, attachments, inReplyTo: firstMessageId(header('in-reply-to')), references: parseMessageIds(header('references')), malformed: false };
  } catch {
    return asText(mime.toString('utf8'));
  }
}

/** What follows the header block (the first empty line), or everything when there is none. */
function bodyOf(mime: Buffer): string {
  const s = mime.toString('utf8');
  const end = s.search(/\r?\n\r?\n/);
  return end === -1 ? s : s.slice(end).replace(/^\r?\n\r?\n/, '');
}

const asText = (text: string): ParsedMail => ({ text, html: null, attachments: [], inReplyTo: null, references: [], malformed: true });
