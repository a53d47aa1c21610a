import type { MailContent } from '../../../core/mailbox/mail-content.js';
import { parseMime } from '../../../platform/mail-mime/parse-mime.js';
import { sanitizeMailHtml } from '../../../platform/mail-html/sanitize-mail-html.js';

/** The MIME parser and the HTML sanitizer (platform/) as the mailbox use cases take them. */
export const mailContent: MailContent = {
  parse: parseMime,
  sanitizeHtml: (html, opts) => sanitizeMailHtml(html, opts),
};
