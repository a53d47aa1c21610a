import { useEffect, useState } from 'react';
import { adminApi } from '../../api/admin-api.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../router/router.js';
import { AppOnlySteps } from '../admin/app-only-steps.js';
import { useServiceMailboxes } from '../admin/use-service-mailboxes.js';

/**
 * The guide's part on service mailboxes (README "Service mailboxes (app-only sending)"): for an
 * administrator, the same commands as the admin area, filled with the organisation app's client
 * ID and the service mailboxes' addresses; for a user, who to ask.
 */
export function GuideServiceMailboxes({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="guide-app-only-title" className="stack" data-testid="guide-app-only">
      <h2 id="guide-app-only-title">{t('guide.appOnly.title')}</h2>
      <p>{t('guide.appOnly.intro')}</p>
      {isAdmin ? <AdminSteps /> : <p className="muted" data-testid="guide-app-only-user">{t('guide.appOnly.askAdmin')}</p>}
    </section>
  );
}

function AdminSteps() {
  const { t } = useI18n();
  const [clientId, setClientId] = useState<string | null>(null);
  const mailboxes = useServiceMailboxes();
  useEffect(() => {
    adminApi.getMicrosoftApp().then((app) => setClientId(app.clientId), () => setClientId(''));
  }, []);
  if (clientId === null) return <p className="muted" role="status">{t('common.loading')}</p>;
  return (
    <>
      <p className="hint">
        {t('guide.appOnly.where')} <Link to="/admin">{t('guide.openAdmin')}</Link>
      </p>
      {clientId === '' ? (
        <p className="muted" data-testid="guide-app-only-no-app">{t('admin.appOnly.noApp')}</p>
      ) : (
        <AppOnlySteps clientId={clientId} addresses={(mailboxes.items ?? []).map((m) => m.email)} />
      )}
    </>
  );
}
