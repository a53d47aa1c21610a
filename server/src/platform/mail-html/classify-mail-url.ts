/**
 * What a URL found in a received message's HTML (an `href` or an `img src`, entities already
 * decoded by the parser) turns out to be, judged the way a browser would read it.
 *
 * - `web`: an absolute http or https URL, or a protocol-relative one (`//host/x`, read as https);
 *   `href` is the WHATWG serialisation, so what we check is what the browser loads.
 * - `contact`: `mailto:` or `tel:`.
 * - `cid`: a reference to a part of the same message (RFC 2392), `contentId` without `<>`.
 * - `data-image`: a base64 raster image small enough to inline (see {@link MAX_DATA_IMAGE_CHARS}).
 * - `other`: everything else — relative URLs (which in the mail frame would resolve against
 *   Mailbridge's own origin), `javascript:`, `vbscript:`, other `data:`, unknown schemes, garbage.
 */
export type MailUrl =
  | { kind: 'web'; href: string; protocolRelative: boolean }
  | { kind: 'contact'; href: string }
  | { kind: 'cid'; contentId: string }
  | { kind: 'data-image'; href: string }
  | { kind: 'other' };

/**
 * The largest `data:` image URL kept (128 KiB of text, about 96 KiB of image): enough for the
 * logos and spacers some mailers inline, small enough that a message cannot smuggle megabytes of
 * payload into every view.
 */
export const MAX_DATA_IMAGE_CHARS = 128 * 1024;

// Raster types only: an SVG in <img> cannot run script, but it is a second parser we need not trust.
const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|jpg|webp|bmp);base64,[a-z0-9+/]+={0,2}$/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Browsers read "\\host" and "/\host" like "//host" for http(s) (WHATWG URL, special schemes).
const PROTOCOL_RELATIVE = /^[/\\]{2}/;
// Anything still below U+0020 (or DEL) after cleaning makes the URL suspect: refuse it.
const CONTROL = /[\u0000-\u001f\u007f]/; // eslint-disable-line no-control-regex

/**
 * The URL as a browser's URL parser sees it: leading and trailing C0 controls and spaces are
 * stripped, and tabs and newlines are removed everywhere (WHATWG URL, "basic URL parser"), which
 * is how `jav&#x09;ascript:` becomes `javascript:`.
 */
function cleanUrl(raw: string): string {
  return raw
    .replace(/[\t\n\r]/g, '')
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, ''); // eslint-disable-line no-control-regex
}

function parseWeb(text: string, protocolRelative: boolean): MailUrl {
  try {
    const url = new URL(text);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname) {
      return { kind: 'web', href: url.href, protocolRelative };
    }
  } catch {
    // not a URL at all
  }
  return { kind: 'other' };
}

/** The Content-ID a `cid:` URL names: percent-decoded, angle brackets dropped (RFC 2392 §2). */
function contentIdOf(rest: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(rest);
  } catch {
    return null;
  }
  id = id.trim().replace(/^<(.*)>$/, '$1');
  return id && !CONTROL.test(id) ? id : null;
}

/**
 * RFC 6068 lets a `mailto:` set any header of the mail it starts; some clients honour `attach=`
 * (a local file) or `bcc=`. A link in received mail keeps only what writing to someone needs:
 * the addresses and `subject`, `body`, `cc`.
 */
const MAILTO_FIELDS = new Set(['subject', 'body', 'cc']);
function safeMailto(href: string): string {
  const q = href.indexOf('?');
  if (q === -1) return href;
  const kept = href
    .slice(q + 1)
    .split('&')
    .filter((pair) => MAILTO_FIELDS.has(pair.split('=')[0]!.toLowerCase()));
  return kept.length ? `${href.slice(0, q)}?${kept.join('&')}` : href.slice(0, q);
}

/** Classifies one URL from a message's HTML; see {@link MailUrl}. */
export function classifyMailUrl(raw: string): MailUrl {
  const text = cleanUrl(raw);
  if (CONTROL.test(text)) return { kind: 'other' };
  if (PROTOCOL_RELATIVE.test(text)) return parseWeb(`https:${text}`, true);
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'http':
    case 'https':
      return parseWeb(text, false);
    case 'mailto':
      return { kind: 'contact', href: safeMailto(text) };
    case 'tel':
      return { kind: 'contact', href: text };
    case 'cid': {
      const contentId = contentIdOf(text.slice('cid:'.length));
      return contentId ? { kind: 'cid', contentId } : { kind: 'other' };
    }
    case 'data':
      return text.length <= MAX_DATA_IMAGE_CHARS && DATA_IMAGE.test(text)
        ? { kind: 'data-image', href: text }
        : { kind: 'other' };
    default:
      return { kind: 'other' };
  }
}
