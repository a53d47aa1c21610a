/** What the frame shows: the sanitized HTML when the message has some, else its text. */
export interface MailFrameBody {
  /** Already sanitized (`sanitizeMailHtml`): written out as it is. */
  readonly html: string | null;
  /** The text part, shown escaped in a `<pre>` when there is no HTML. */
  readonly text: string | null;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The frame's own look. A `<style>` element is ours alone: the sanitizer drops every style sheet
 * of the message, and the frame's CSP (`mailFrameCsp`) allows inline styles.
 */
const FRAME_STYLE =
  'body{margin:0;padding:8px;font:14px/1.45 system-ui,sans-serif;color:#1f2933;background:#fff;overflow-wrap:anywhere}' +
  'pre.mail-text{margin:0;white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace}';

/**
 * The complete document of the message frame (GET …/messages/{messageId}/frame). The head comes
 * before anything of the message: `<base target=_blank>` (links open outside the frame; the
 * sanitizer already sets it on each, and `base-uri 'none'` refuses any `<base href>`), no
 * referrer. The body is the sanitized HTML as it is, or the text escaped in a `<pre>`, so entity
 * tricks in text stay text.
 */
export function mailFrameDocument(body: MailFrameBody): string {
  const content = body.html ?? (body.text !== null ? `<pre class="mail-text">${escapeText(body.text)}</pre>` : '');
  return (
    '<!doctype html><html><head><meta charset=utf-8><base target=_blank>' +
    '<meta name=referrer content=no-referrer>' +
    `<style>${FRAME_STYLE}</style></head><body>${content}</body></html>`
  );
}
