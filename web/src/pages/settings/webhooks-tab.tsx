import { useI18n } from '../../i18n/i18n-context.js';
import { useSession } from '../../session/session-context.js';
import { WebhooksView } from '../webhooks/webhooks-view.js';

/**
 * The signed-in user's webhook endpoints (an admin's own too; everyone's are in the admin area).
 * A session opened from a signed settings link reaches only the mail settings: no webhooks.
 */
export function WebhooksTab() {
  const { t } = useI18n();
  const { session } = useSession();
  if (!session) return null;
  if (session.scope === 'settings') return <p className="muted" data-testid="webhooks-sign-in-needed">{t('webhooks.signInNeeded')}</p>;
  return <WebhooksView title={t('webhooks.yourTitle')} titleId="webhooks-title" onlyUserId={session.user.id} testId="webhooks" />;
}
