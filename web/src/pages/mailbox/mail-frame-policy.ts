/**
 * The walls around a message's HTML on the page (docs/mail-html.md, "The frame"): the same
 * sandbox flags and Content-Security-Policy as `server/src/platform/mail-html/mail-frame-csp.ts`
 * (`MAIL_FRAME_SANDBOX`, `mailFrameCsp` with `delivery: 'meta'`), which web/ may not import
 * (it reaches the server only through the contract). e2e/browser/mailbox-page.test.ts checks the
 * two give the same policy.
 */

/** No scripts, no same origin, no forms, no top navigation; links open a normal new tab. */
export const MAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

/**
 * The policy for a `<meta http-equiv="Content-Security-Policy">` in the frame's `srcdoc`: no
 * `frame-ancestors` nor `sandbox` there (CSP3 §3.3: ignored in a meta policy; the `sandbox`
 * attribute does that job). Images from Mailbridge itself (`cid:` parts) and `data:` always;
 * remote ones only when the user asked for them.
 */
export function mailFrameMetaCsp(imagesAllowed: boolean, selfOrigin: string): string {
  const url = new URL(selfOrigin);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== selfOrigin) throw new Error(`not an http(s) origin: ${selfOrigin}`);
  const images = [url.origin, 'data:', ...(imagesAllowed ? ['https:', 'http:'] : [])];
  return ["default-src 'none'", `img-src ${images.join(' ')}`, "style-src 'unsafe-inline'", "base-uri 'none'", "form-action 'none'"].join('; ');
}

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The frame's whole document. The policy comes first in `<head>`, before anything of the
 * message, so it governs all of it; the message (already sanitized by the server) goes in
 * `<body>` as it is. The frame's own look is a `style` attribute rather than a `<style>`
 * element: the page's policy, which a `srcdoc` document inherits as well, allows no style
 * element. No `<base target>`: the server sets `target="_blank"` on every link.
 */
export function mailFrameDocument(html: string, opts: { imagesAllowed: boolean; selfOrigin: string }): string {
  const csp = escapeAttribute(mailFrameMetaCsp(opts.imagesAllowed, opts.selfOrigin));
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer">' +
    '</head><body style="margin:0;padding:8px;font:14px/1.45 system-ui,sans-serif;color:#1f2933;overflow-wrap:anywhere">' +
    `${html}</body></html>`
  );
}
