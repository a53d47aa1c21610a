import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { AccountView, MicrosoftAppView } from '../../api/contract-types.js';
import { FormattedDate } from '../../components/formatted-date.js';
import { expiryState } from '../../components/certificate/expiry-state.js';

type Kind = 'secret' | 'certificate';
interface Expiry { key: string; kind: Kind; name: string; at: string }

const texts: Record<Kind, { expired: MessageKey; expiring: MessageKey; renew: MessageKey }> = {
  secret: { expired: 'admin.banner.expired', expiring: 'admin.banner.expiring', renew: 'admin.banner.renew' },
  certificate: { expired: 'admin.banner.certExpired', expiring: 'admin.banner.certExpiring', renew: 'admin.banner.certRenew' },
};

/** Warnings an administrator must see first: a client secret or certificate about to expire, accounts to reconnect. */
export function AdminBanners({ app, accounts }: { app: MicrosoftAppView | null; accounts: AccountView[] }) {
  const { t } = useI18n();
  const orgName = t('admin.banner.orgApp');
  const own = accounts.filter((a) => a.app.source === 'account');
  const credentials: Expiry[] = [
    ...(app?.clientSecretExpiresAt ? [{ key: 'org', kind: 'secret' as const, name: orgName, at: app.clientSecretExpiresAt }] : []),
    ...own.filter((a) => a.app.clientSecretExpiresAt).map((a) => ({ key: a.id, kind: 'secret' as const, name: a.email, at: a.app.clientSecretExpiresAt! })),
    ...(app?.certificate ? [{ key: 'org-cert', kind: 'certificate' as const, name: orgName, at: app.certificate.expiresAt }] : []),
    ...own.filter((a) => a.app.certificate).map((a) => ({ key: `${a.id}-cert`, kind: 'certificate' as const, name: a.email, at: a.app.certificate!.expiresAt })),
  ];
  const now = Date.now();
  const expiring = credentials.filter((c) => expiryState(c.at, now) !== 'valid');
  const reconnect = accounts.filter((a) => a.status === 'reconnect_needed');
  if (expiring.length === 0 && reconnect.length === 0) return null;
  return (
    <div className="stack" data-testid="admin-banners">
      {expiring.map((c) => {
        const expired = expiryState(c.at, now) === 'expired';
        const text = texts[c.kind];
        return (
          <div key={c.key} className={expired ? 'notice danger' : 'notice warning'} role="alert" data-testid={`banner-${c.kind}-${expired ? 'expired' : 'expiring'}`}>
            <p className="notice-title">{t(expired ? text.expired : text.expiring, { name: c.name })}</p>
            <p>
              {t('admin.banner.expiryDate')} <FormattedDate value={c.at} dateOnly />. {t(text.renew)}
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
