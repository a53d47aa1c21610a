/**
 * The walls around a message's HTML on the page (docs/mail-html.md, "The frame"). The server
 * serves the frame's document (GET …/messages/{messageId}/frame) with its own
 * Content-Security-Policy header, which carries the same `sandbox` as the frame's attribute
 * here (`MAIL_FRAME_SANDBOX` in server/src/platform/mail-html/mail-frame-csp.ts, which web/ may
 * not import: it reaches the server only through the contract). e2e/browser/mailbox-page.test.ts
 * checks the two are the same.
 */

/** No scripts, no same origin, no forms, no top navigation; links open a normal new tab. */
export const MAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

const enc = encodeURIComponent;

/**
 * Where the frame's document is served: a same-origin GET, so the session cookie (SameSite=Lax)
 * rides along on the frame's navigation although the frame itself has an opaque origin.
 * `imagesAllowed`: remote images kept (the user asked, for this message).
 */
export const mailFrameUrl = (accountId: string, messageId: string, imagesAllowed: boolean) =>
  `/api/v1/accounts/${enc(accountId)}/mailbox/messages/${enc(messageId)}/frame?images=${imagesAllowed ? 'allow' : 'block'}`;
