export interface MailFrameCspOptions {
  /** The user allowed remote images for this message (the HTML was sanitized with `images: 'allow'`). */
  readonly imagesAllowed: boolean;
  /** Mailbridge's own origin (`https://mail.example.com`), which serves the message's `cid:` images. */
  readonly selfOrigin: string;
  /**
   * How the policy reaches the frame: an HTTP header (the default) or a `<meta http-equiv>` in the
   * frame's document. A `<meta>` policy may not carry `sandbox` or `frame-ancestors` (CSP3 §3.3;
   * browsers ignore them with a warning), so they are left out: the frame's `sandbox`
   * attribute, {@link MAIL_FRAME_SANDBOX}, does that job there.
   */
  readonly delivery?: 'header' | 'meta';
}

/**
 * The sandbox flags of the message frame, for its `sandbox` attribute and the CSP `sandbox`
 * directive alike: no scripts, no same origin (the frame cannot read the page or its cookies), no
 * forms, no top navigation; links (`target="_blank"`) may open a normal, unsandboxed tab.
 */
export const MAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

function checkedOrigin(selfOrigin: string): string {
  let url: URL | undefined;
  try {
    url = new URL(selfOrigin);
  } catch {
    url = undefined;
  }
  // Exactly an origin, so that nothing (a ";", a path) can be smuggled into the policy.
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== selfOrigin) {
    throw new Error(`mailFrameCsp: selfOrigin must be an http(s) origin such as https://mail.example.com, not ${JSON.stringify(selfOrigin)}`);
  }
  return url.origin;
}

/**
 * The Content-Security-Policy of the frame that shows one message's sanitized HTML (issue 11):
 * nothing may load or run except images from Mailbridge itself (`cid:` parts), inline `data:`
 * images, remote images when the user allowed them, and inline styles. A second wall behind
 * `sanitizeMailHtml`: if the sanitizer ever let something through, the browser still
 * refuses to run or fetch it.
 */
export function mailFrameCsp(opts: MailFrameCspOptions): string {
  const origin = checkedOrigin(opts.selfOrigin);
  // http: too, since the sanitizer keeps http images when allowed (on an https page browsers
  // upgrade them to https anyway: Mixed Content Level 2).
  const images = [origin, 'data:', ...(opts.imagesAllowed ? ['https:', 'http:'] : [])];
  const directives = [
    "default-src 'none'",
    `img-src ${images.join(' ')}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if ((opts.delivery ?? 'header') === 'header') {
    directives.push(`frame-ancestors ${origin}`, `sandbox ${MAIL_FRAME_SANDBOX}`);
  }
  return directives.join('; ');
}
