// Independent checks on sanitizeMailHtml's output, for the tests: they do not reuse the
// sanitizer's policy code, so a mistake there is not repeated here.
import { Parser } from 'htmlparser2';

export interface InspectOptions {
  /** Remote (http, https) image URLs may remain. */
  readonly remoteImages: boolean;
  /** The prefix every rewritten cid: image URL starts with. */
  readonly cidPrefix: string;
}

const KEPT_TAGS = new Set(
  ('a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del ' +
    'details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li ' +
    'main mark ol p pre q s samp section small span strike strong sub summary sup table tbody td tfoot ' +
    'th thead time tr tt u ul var wbr').split(' '),
);
const FORBIDDEN_ATTRIBUTES = /^(?:on|formaction$|action$|background$|srcset$|xlink:|xmlns|srcdoc$|data$|ping$|poster$|lowsrc$|dynsrc$|cite$|id$|name$|class$|http-equiv$)/i;
// Any parenthesis but rgb()/hsl()'s, comments, escapes, and the words that load or run things.
const DANGEROUS_CSS = /(?<!rgba?|hsla?)\(|\/\*|\\|url|expression|@import|behavior|binding|javascript|position|image-set/i;
const LINK = /^(?:https?:\/\/[^/\\]|mailto:|tel:)/i;
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp);base64,/i;

/** What htmlparser2 finds in `html` that the frame must never see; [] when clean. */
export function domViolations(html: string, opts: InspectOptions): string[] {
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (!KEPT_TAGS.has(name)) found.push(`element <${name}>`);
        for (const [attr, value] of Object.entries(attribs)) {
          if (FORBIDDEN_ATTRIBUTES.test(attr)) found.push(`attribute ${attr} on <${name}>`);
          if (attr === 'style' && DANGEROUS_CSS.test(value)) found.push(`style ${JSON.stringify(value)}`);
          if (attr === 'href' && !LINK.test(value)) found.push(`href ${JSON.stringify(value)}`);
          if (attr === 'href' && name !== 'a') found.push(`href on <${name}>`);
          if (attr === 'src' && name !== 'img') found.push(`src on <${name}>`);
          if (attr === 'src') {
            const remote = /^https?:\/\/[^/\\]/i.test(value);
            const ok = DATA_IMAGE.test(value) || value.startsWith(opts.cidPrefix) || (remote && opts.remoteImages);
            if (!ok) found.push(`src ${JSON.stringify(value)}`);
          }
        }
        if (name === 'a' && attribs.href !== undefined) {
          if (attribs.target !== '_blank' || attribs.rel !== 'noopener noreferrer') found.push('link without target/rel');
        }
      },
      oncomment: (text) => void found.push(`comment ${JSON.stringify(text)}`),
      oncdatastart: () => void found.push('CDATA'),
      onprocessinginstruction: (name) => void found.push(`declaration ${name}`),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

// Regular expressions over the raw markup. Attribute values are blanked first: the sanitizer
// quotes every value with `"` and escapes `"`, `<` and `>` inside, so what remains outside the
// values is tag names, attribute names and escaped text.
const RAW_PATTERNS: [string, RegExp][] = [
  ['dangerous element', /<\/?\s*(?:script|style|i?frame|frameset|object|embed|applet|form|input|button|select|textarea|option|base|meta|link|svg|math|template|noscript|xmp|title|image|video|audio|source|picture|iframe)\b/i],
  ['event handler', /<[^>]*[\s/]on[a-z]+\s*=/i],
  ['comment or declaration', /<!|<\?/],
  ['unquoted or single-quoted attribute value', /<[^>]*=(?!"")/],
];
const URL_PATTERNS: [string, RegExp][] = [
  ['script URL', /^\s*(?:java|vb)script:/i],
  ['data URL outside images', /^\s*data:(?!image\/(?:png|gif|jpe?g|webp|bmp);base64,)/i],
  ['protocol-relative URL', /^\s*[/\\]{2}/],
];

/**
 * What the regular-expression set finds in `html`; [] when clean. `hosts` are host names that
 * must not appear in any href, src or style.
 */
export function rawViolations(html: string, opts: InspectOptions, hosts: RegExp = /(?!)/): string[] {
  const found: string[] = [];
  const blanked = html.replace(/="[^"]*"/g, '=""');
  for (const [what, re] of RAW_PATTERNS) if (re.test(blanked)) found.push(what);
  for (const m of html.matchAll(/\s(href|src|style)="([^"]*)"/g)) {
    const [, attr, value = ''] = m;
    const decoded = value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const [what, re] of URL_PATTERNS) if (re.test(decoded)) found.push(`${what}: ${attr}`);
    if (attr === 'style' && DANGEROUS_CSS.test(decoded)) found.push(`dangerous CSS: ${decoded}`);
    if (hosts.test(decoded)) found.push(`forbidden host in ${attr}: ${decoded}`);
    if (attr === 'src' && !opts.remoteImages && /^\s*https?:/i.test(decoded)) found.push(`remote image: ${decoded}`);
  }
  return found;
}
