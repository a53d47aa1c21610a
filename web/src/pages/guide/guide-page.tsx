import { useI18n } from '../../i18n/i18n-context.js';
import { useSession } from '../../session/session-context.js';
import { useDocumentTitle } from '../../components/use-document-title.js';
import { GuideServiceMailboxes } from './guide-service-mailboxes.js';
import { GuideSteps } from './guide-steps.js';
import { TroubleshootingTable } from './troubleshooting-table.js';
import { useKnownRedirectUri } from './use-known-redirect-uri.js';

/** The setup guide: register an app in Microsoft Entra ID, step by step, then troubleshooting. */
export function GuidePage() {
  const { t } = useI18n();
  const { session } = useSession();
  const isAdmin = session?.user.role === 'admin';
  const redirectUri = useKnownRedirectUri(isAdmin);
  useDocumentTitle(t('guide.title'));
  return (
    <section className="card stack" aria-labelledby="guide-title">
      <h1 id="guide-title">{t('guide.title')}</h1>
      <p className="lead">{t('guide.intro')}</p>
      <ul className="checks">
        <li>{t('guide.outcome.clientId')}</li>
        <li>{t('guide.outcome.secret')}</li>
        <li>{t('guide.outcome.redirect')}</li>
      </ul>
      <p className="muted">{t('guide.time')}</p>
      <GuideSteps redirectUri={redirectUri} isAdmin={isAdmin} />
      <GuideServiceMailboxes isAdmin={isAdmin} />
      <TroubleshootingTable redirectUri={redirectUri} />
    </section>
  );
}
