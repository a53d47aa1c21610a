import sanitizeHtml from 'sanitize-html';
import { classifyMailUrl } from './classify-mail-url.js';
import { filterMailStyle } from './filter-mail-style.js';
import { overweightHtmlAsText, withinHtmlBounds } from './html-weight.js';
import { mailHtmlPolicy } from './mail-html-policy.js';

export interface SanitizeMailHtmlOptions {
  /**
   * `block` (the default view) drops every remote image (http, https, protocol-relative) and keeps
   * the `<img>` as a placeholder with its alt text and size; `allow` keeps them, once the user
   * asked (`?images=allow`). No other remote resource is ever kept.
   */
  readonly images: 'block' | 'allow';
  /**
   * Where the image a `cid:` URL names (RFC 2392: an inline part of the same message, by its
   * Content-ID without `<>`) is served, or null when the message has no such part (the `<img>`
   * is then removed). The URL is ours and is kept as returned.
   */
  readonly cidUrl: (contentId: string) => string | null;
}

export interface SanitizedMailHtml {
  readonly html: string;
  /** True when at least one remote image was dropped: the page offers to show images. */
  readonly remoteImagesBlocked: boolean;
}

type Attributes = sanitizeHtml.Attributes;

// A tag name that is not allowed: sanitize-html drops an element renamed to it (an img has no text).
const REMOVED = 'mailbridge-removed';

/** `<a>`: only http(s), mailto and tel links, each opening outside the frame without an opener. */
function transformLink(_tag: string, attribs: Attributes): sanitizeHtml.Tag {
  // The mail's own rel and target never survive: a link opens outside the frame, or not at all.
  const { href, rel: _rel, target: _target, ...rest } = attribs;
  const url = href === undefined ? undefined : classifyMailUrl(href);
  const keep = url?.kind === 'web' && !url.protocolRelative ? url.href : url?.kind === 'contact' ? url.href : undefined;
  return {
    tagName: 'a',
    attribs: keep === undefined ? rest : { ...rest, href: keep, rel: 'noopener noreferrer', target: '_blank' },
  };
}

/** `<body>` becomes a `<div>`, so that its background colour and margins survive. */
function transformBody(_tag: string, attribs: Attributes): sanitizeHtml.Tag {
  return { tagName: 'div', attribs: attribs.style === undefined ? {} : { style: attribs.style } };
}

/** Every element: its `style` keeps only the allowed declarations (filter-mail-style.ts). */
function transformStyle(tagName: string, attribs: Attributes): sanitizeHtml.Tag {
  // In place: the parser made this object for this tag alone, and a copy per element shows on
  // a 2 MB newsletter.
  if (attribs.style !== undefined) {
    const kept = filterMailStyle(attribs.style);
    if (kept) attribs.style = kept;
    else delete attribs.style;
  }
  return { tagName, attribs };
}

/**
 * Sanitizes the HTML body of a received message for display in the mailbox page's sandboxed
 * frame (issue 11): no scripts, event handlers, `javascript:` URLs, frames, forms, style sheets,
 * SVG or MathML, and no remote resource except, when `images` is `allow`, http(s) images. Pure:
 * the same input gives the same output. docs/mail-html.md explains each rule.
 */
export function sanitizeMailHtml(html: string, opts: SanitizeMailHtmlOptions): SanitizedMailHtml {
  if (!withinHtmlBounds(html)) return { html: overweightHtmlAsText(html), remoteImagesBlocked: false };
  let remoteImagesBlocked = false;

  const transformImage = (_tag: string, attribs: Attributes): sanitizeHtml.Tag => {
    const { src, ...rest } = attribs;
    const url = src === undefined ? undefined : classifyMailUrl(src);
    switch (url?.kind) {
      case 'web':
        if (opts.images === 'allow') return { tagName: 'img', attribs: { ...rest, src: url.href } };
        remoteImagesBlocked = true;
        return { tagName: 'img', attribs: rest };
      case 'cid': {
        const local = opts.cidUrl(url.contentId);
        return local === null ? { tagName: REMOVED, attribs: {} } : { tagName: 'img', attribs: { ...rest, src: local } };
      }
      case 'data-image':
        return { tagName: 'img', attribs: { ...rest, src: url.href } };
      default:
        // Relative, unknown or hostile: a placeholder (in the frame a relative URL would resolve
        // against Mailbridge's own origin, with the user's cookies).
        return { tagName: 'img', attribs: rest };
    }
  };

  const out = sanitizeHtml(html.replaceAll('\0', '\uFFFD'), {
    allowedTags: [...mailHtmlPolicy.tags],
    nonTextTags: [...mailHtmlPolicy.dropWithText],
    allowedAttributes: mailHtmlPolicy.attributes,
    // Styles are filtered by transformStyle, without sanitize-html's postcss pass.
    parseStyleAttributes: false,
    disallowedTagsMode: 'discard',
    // A second line behind the transforms above, which already rewrote every href and src.
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    transformTags: { a: transformLink, img: transformImage, body: transformBody, '*': transformStyle },
    parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  });
  return { html: out, remoteImagesBlocked };
}
