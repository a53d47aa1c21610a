export interface MailFrameCspOptions {
  /** The user allowed remote images for this message (the HTML was sanitized with `images: 'allow'`). */
  readonly imagesAllowed: boolean;
}

/**
 * The sandbox flags of the message frame, for its `sandbox` attribute and the CSP `sandbox`
 * directive alike: no scripts, no same origin (the frame cannot read the page or its cookies), no
 * forms, no top navigation; links (`target="_blank"`) may open a normal, unsandboxed tab.
 */
export const MAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

/**
 * The Content-Security-Policy header of the frame document that shows one message's sanitized
 * HTML (GET …/messages/{messageId}/frame, issue 11): nothing may load or run except inline
 * `data:` images (the message's own `cid:` parts are inlined so), remote images when the user
 * allowed them, and inline styles. A second wall behind `sanitizeMailHtml`: if the sanitizer ever
 * let something through, the browser still refuses to run or fetch it.
 *
 * Delivered as a header, never a `<meta>`: a `srcdoc` frame would inherit the UI's own policy
 * too, and a meta policy cannot carry `frame-ancestors` or `sandbox` (CSP3 §3.3). The `sandbox`
 * directive makes the document an opaque origin without scripts even when it is opened directly
 * rather than in the page's sandboxed frame; `frame-ancestors 'self'` (the origin of this
 * response's URL, CSP3 §6.4.2, not the sandboxed document's) lets only Mailbridge's pages frame it.
 * Mailbridge's own origin is not an image source: nothing in the frame needs it, and a URL that
 * slipped through could not reach the API.
 */
export function mailFrameCsp(opts: MailFrameCspOptions): string {
  // http: too, since the sanitizer keeps http images when allowed (on an https page browsers
  // upgrade them to https anyway: Mixed Content Level 2).
  const images = ['data:', ...(opts.imagesAllowed ? ['https:', 'http:'] : [])];
  return [
    "default-src 'none'",
    `img-src ${images.join(' ')}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    `sandbox ${MAIL_FRAME_SANDBOX}`,
  ].join('; ');
}
