import { useI18n } from '../../i18n/i18n-context.js';
import type { AccountView, MicrosoftAppView } from '../../api/contract-types.js';
import { FormattedDate } from '../../components/formatted-date.js';

const DAY = 24 * 60 * 60 * 1000;

/** Warnings an administrator must see first: a client secret about to expire, accounts to reconnect. */
export function AdminBanners({ app, accounts }: { app: MicrosoftAppView | null; accounts: AccountView[] }) {
  const { t } = useI18n();
  const secrets = [
    ...(app?.clientSecretExpiresAt ? [{ key: 'org', name: t('admin.banner.orgApp'), at: app.clientSecretExpiresAt }] : []),
    ...accounts.filter((a) => a.app.source === 'account' && a.app.clientSecretExpiresAt).map((a) => ({ key: a.id, name: a.email, at: a.app.clientSecretExpiresAt! })),
  ];
  const now = Date.now();
  const expiring = secrets.filter((s) => new Date(s.at).getTime() - now < 30 * DAY);
  const reconnect = accounts.filter((a) => a.status === 'reconnect_needed');
  if (expiring.length === 0 && reconnect.length === 0) return null;
  return (
    <div className="stack" data-testid="admin-banners">
      {expiring.map((s) => {
        const expired = new Date(s.at).getTime() <= now;
        return (
          <div key={s.key} className={expired ? 'notice danger' : 'notice warning'} role="alert" data-testid={expired ? 'banner-secret-expired' : 'banner-secret-expiring'}>
            <p className="notice-title">{expired ? t('admin.banner.expired', { name: s.name }) : t('admin.banner.expiring', { name: s.name })}</p>
            <p>
              {t('admin.banner.expiryDate')} <FormattedDate value={s.at} dateOnly />. {t('admin.banner.renew')}
            </p>
          </div>
        );
      })}
      {reconnect.length > 0 && (
        <div className="notice warning" role="alert" data-testid="banner-reconnect">
          <p className="notice-title">{t('admin.banner.reconnect', { count: reconnect.length })}</p>
          <p>{reconnect.map((a) => a.email).join(', ')}</p>
        </div>
      )}
    </div>
  );
}
