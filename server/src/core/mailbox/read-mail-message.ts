import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import type { MailContent, ParsedAttachment, ParsedMail } from './mail-content.js';
import type { MailMessage } from './mail-message.js';
import { loadMailMessage } from './mailbox-access.js';
import { loadMailBody } from './load-mail-body.js';

export interface MailMessageRead {
  message: MailMessage;
  text: string | null;
  /** Sanitized: safe to show in the mailbox page's frame. */
  html: string | null;
  remoteImagesBlocked: boolean;
  attachments: Array<Omit<ParsedAttachment, 'content'>>;
}

export interface ReadOptions {
  images: 'block' | 'allow';
  /** The URL an inline part is served at (GET …/attachments/{attachmentId}). */
  attachmentUrl(attachmentId: string): string;
}

/**
 * GET …/mailbox/messages/{messageId}: the envelope as stored, the body from the MIME (cached or
 * fetched), its HTML sanitized, `cid:` images pointing at their part's attachment URL. Opening a
 * message never marks it read: the MIME is fetched without touching flags.
 */
export async function readMailMessage(deps: Deps, content: MailContent, actor: Actor, accountId: string, messageId: string, opts: ReadOptions): Promise<MailMessageRead> {
  const loaded = await loadMailMessage(deps, actor, accountId, messageId);
  const mime = await loadMailBody(deps, loaded);
  const parsed = await content.parse(mime);
  const byContentId = new Map(parsed.attachments.filter((a) => a.contentId !== null).map((a) => [a.contentId!.toLowerCase(), a]));
  const sanitized =
    parsed.html === null
      ? null
      : content.sanitizeHtml(parsed.html, {
          images: opts.images,
          cidUrl: (cid) => {
            const part = byContentId.get(cid.toLowerCase());
            return part ? opts.attachmentUrl(part.id) : null;
          },
        });
  return {
    message: withMimeHeaders(loaded.message, mime, parsed),
    text: parsed.text,
    html: sanitized?.html ?? null,
    remoteImagesBlocked: sanitized?.remoteImagesBlocked ?? false,
    attachments: parsed.attachments.map(({ content: _bytes, ...info }) => info),
  };
}

/**
 * What the sync could not know, from the MIME: Graph's delta gives no size, In-Reply-To or
 * References (docs/microsoft.md, "Reading and changing the mailbox"); the opened message has them.
 */
function withMimeHeaders(message: MailMessage, mime: Buffer, parsed: ParsedMail): MailMessage {
  return {
    ...message,
    size: message.size > 0 ? message.size : mime.length,
    inReplyTo: message.inReplyTo ?? parsed.inReplyTo,
    references: message.references.length > 0 ? message.references : parsed.references,
  };
}
