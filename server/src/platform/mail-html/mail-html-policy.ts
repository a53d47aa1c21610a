/**
 * What survives sanitizing: the elements, attributes and inline CSS that mail formatting needs
 * (tables, fonts, colours, spacing, borders, links, images) and nothing that runs, loads or
 * reaches outside the message. Everything not listed is dropped (docs/mail-html.md). Inline CSS
 * has its own allowlist, in filter-mail-style.ts.
 */

/**
 * Elements kept. Not here on purpose: `script`, `style`, `link`, `meta`, `base`, `title`, every
 * frame, plugin and form element, `svg` and `math` (foreign content, where parsers disagree and
 * SVG can script), media (`video`, `audio`, `picture`, `source`: remote loads), `template`,
 * `noscript` and the raw-text elements (`xmp`, `textarea`, `noembed`, `noframes`, `plaintext`),
 * whose content browsers and htmlparser2 do not parse alike.
 */
const tags = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br',
  'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div',
  'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'ol', 'p', 'pre', 'q', 's',
  'samp', 'section', 'small', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

/**
 * Elements dropped together with their text, on top of sanitize-html's own list (script, style,
 * textarea, option, xmp): a `<title>` is not part of the body, nor is `<noscript>` fallback.
 */
const dropWithText = ['script', 'style', 'textarea', 'option', 'xmp', 'title', 'noscript', 'template', 'select'];

// Presentational attributes only. No `id`, `name` or `class` (nothing in the frame can use them:
// there are no style sheets), no `background`, `srcset`, `cite`, `ping`, no event handlers.
const cell = ['width', 'height', 'bgcolor', 'colspan', 'rowspan', 'align', 'valign', 'nowrap', 'scope'];
const attributes: Record<string, string[]> = {
  '*': ['style', 'dir', 'lang', 'title', 'align', 'valign'],
  a: ['href', 'rel', 'target'],
  img: ['src', 'alt', 'width', 'height', 'border', 'hspace', 'vspace'],
  table: ['width', 'height', 'border', 'cellpadding', 'cellspacing', 'bgcolor', 'summary'],
  thead: ['bgcolor'],
  tbody: ['bgcolor'],
  tfoot: ['bgcolor'],
  tr: ['height', 'bgcolor'],
  td: cell,
  th: cell,
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  font: ['color', 'face', 'size'],
  hr: ['width', 'size', 'noshade', 'color'],
  ol: ['start', 'type', 'reversed'],
  ul: ['type'],
  li: ['value', 'type'],
  time: ['datetime'],
  details: ['open'],
};

/** The allowlists {@link sanitizeMailHtml} hands to sanitize-html. */
export const mailHtmlPolicy = { tags, dropWithText, attributes } as const;
