import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import type { MailContent, ParsedAttachment } from './mail-content.js';
import { loadMailMessage } from './mailbox-access.js';
import { loadMailBody } from './load-mail-body.js';

/** The body the message frame shows: sanitized HTML with its `cid:` images inlined, else the text. */
export interface MailFrameRead {
  /** Sanitized; `cid:` images as `data:` URIs. Null when the message has no HTML. */
  html: string | null;
  text: string | null;
}

/**
 * Inline images put into one frame document, in bytes of `data:` URL text: past it, further
 * `cid:` images are left out rather than making a document of any size (the same part named
 * twice counts twice, since it is written out twice).
 */
export const FRAME_INLINE_IMAGE_BUDGET = 10 * 1024 * 1024;

/**
 * Raster types only, as for the `data:` images a message carries itself (docs/mail-html.md):
 * `image/svg+xml` and whatever else claims to be an image stay out.
 */
const INLINE_IMAGE_TYPES: Record<string, string> = {
  'image/png': 'image/png',
  'image/gif': 'image/gif',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/webp': 'image/webp',
  'image/bmp': 'image/bmp',
  'image/avif': 'image/avif',
};

/** The type a `data:` URL may carry for a part, or undefined when the part is not a raster image. */
const inlineType = (declared: string): string | undefined => {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  return Object.hasOwn(INLINE_IMAGE_TYPES, type) ? INLINE_IMAGE_TYPES[type] : undefined;
};

/**
 * The `cidUrl` of the sanitizer for the frame: a `cid:` image as a `data:` URI of the part whose
 * Content-ID it names (matched as read-mail-message.ts matches them, case-insensitively), when
 * that part is a raster image and fits in what is left of `budget`; else null (the `<img>` goes).
 */
export function inlineImageUrls(parts: readonly ParsedAttachment[], budget: number): (contentId: string) => string | null {
  const byContentId = new Map(parts.filter((a) => a.contentId !== null).map((a) => [a.contentId!.toLowerCase(), a]));
  const dataUrls = new Map<ParsedAttachment, string>();
  let left = budget;
  return (cid) => {
    const part = byContentId.get(cid.toLowerCase());
    const type = part ? inlineType(part.contentType) : undefined;
    if (!part || type === undefined) return null;
    // Measured before encoding: a part too large for what is left is never encoded.
    if (`data:${type};base64,`.length + Math.ceil(part.content.length / 3) * 4 > left) return null;
    let url = dataUrls.get(part);
    if (url === undefined) {
      url = `data:${type};base64,${part.content.toString('base64')}`;
      dataUrls.set(part, url);
    }
    left -= url.length;
    return url;
  };
}

/**
 * GET …/mailbox/messages/{messageId}/frame: the same body as GET …/messages/{messageId} (the
 * MIME from the cache or the mailbox, parsed and sanitized the same way), except that `cid:`
 * images are inlined as `data:` URIs of their parts. The frame is an opaque origin (sandboxed),
 * so it could not fetch our attachment URLs with the user's session. Never changes flags.
 */
export async function readMailFrame(
  deps: Deps,
  content: MailContent,
  actor: Actor,
  accountId: string,
  messageId: string,
  opts: { images: 'block' | 'allow' },
): Promise<MailFrameRead> {
  const loaded = await loadMailMessage(deps, actor, accountId, messageId);
  const parsed = await content.parse(await loadMailBody(deps, loaded));
  if (parsed.html === null) return { html: null, text: parsed.text };

  const cidUrl = inlineImageUrls(parsed.attachments, FRAME_INLINE_IMAGE_BUDGET);
  const sanitized = content.sanitizeHtml(parsed.html, { images: opts.images, cidUrl });
  return { html: sanitized.html, text: parsed.text };
}
