import { useI18n } from '../../i18n/i18n-context.js';
import { MAIL_FRAME_SANDBOX, mailFrameUrl } from './mail-frame-policy.js';

interface Props {
  accountId: string;
  messageId: string;
  imagesAllowed: boolean;
}

/**
 * A message's body in a sandboxed frame whose document the server serves with the frame's own
 * strict CSP (docs/mail-html.md): sanitized HTML, no script runs, nothing loads but `data:`
 * images (inline parts included) and, once the user allowed them for this message, remote
 * images. Not a `srcdoc`: that would inherit the page's own policy too (no inline styles, no
 * remote images). The frame has an opaque origin, so the message can read neither the page nor
 * its cookies. Keyed by its URL: "Show images" loads a new frame rather than navigating this one.
 */
export function MailFrame({ accountId, messageId, imagesAllowed }: Props) {
  const { t } = useI18n();
  const src = mailFrameUrl(accountId, messageId, imagesAllowed);
  return <iframe key={src} className="mail-frame" title={t('mailbox.bodyFrame')} sandbox={MAIL_FRAME_SANDBOX} src={src} referrerPolicy="no-referrer" data-testid="mail-frame" />;
}
