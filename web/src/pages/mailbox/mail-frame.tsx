import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { MAIL_FRAME_SANDBOX, mailFrameDocument } from './mail-frame-policy.js';

/**
 * A message's HTML (sanitized by the server) in a sandboxed frame under its own strict CSP
 * (docs/mail-html.md): no script runs, nothing loads but images from Mailbridge, `data:` images
 * and, once the user allowed them for this message, remote images. The frame has an opaque
 * origin, so the message can read neither the page nor its cookies.
 */
export function MailFrame({ html, imagesAllowed }: { html: string; imagesAllowed: boolean }) {
  const { t } = useI18n();
  const srcDoc = useMemo(() => mailFrameDocument(html, { imagesAllowed, selfOrigin: window.location.origin }), [html, imagesAllowed]);
  return <iframe className="mail-frame" title={t('mailbox.bodyFrame')} sandbox={MAIL_FRAME_SANDBOX} srcDoc={srcDoc} referrerPolicy="no-referrer" data-testid="mail-frame" />;
}
