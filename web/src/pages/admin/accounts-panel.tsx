import { useI18n } from '../../i18n/i18n-context.js';
import type { AccountView, AdminUser } from '../../api/contract-types.js';
import { DiagnosisBox } from '../../components/diagnosis-box.js';
import { FormattedDate } from '../../components/formatted-date.js';
import { ShowMoreButton } from './show-more-button.js';
import type { PagedList } from './use-paged-list.js';

/** Every mail account, by pages, its state and its last diagnosis. */
export function AccountsPanel({ accounts, users }: { accounts: PagedList<AccountView>; users: AdminUser[] }) {
  const { t } = useI18n();
  const owner = (id: string | null) => (id === null ? t('admin.accounts.organisation') : (users.find((u) => u.id === id)?.email ?? id));
  const statusText = { linked: t('admin.accounts.linked'), not_linked: t('account.notLinked'), reconnect_needed: t('account.reconnectNeeded') };
  const appText = { account: t('admin.accounts.appOwn'), organization: t('admin.accounts.appOrg'), none: t('admin.accounts.appNone') };
  return (
    <section aria-labelledby="accounts-title" className="stack">
      <h2 id="accounts-title">{t('admin.accounts.title')}</h2>
      {accounts.items.length === 0 ? (
        <p className="muted">{t('admin.accounts.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="accounts-table">
            <thead>
              <tr><th scope="col">{t('account.email')}</th><th scope="col">{t('admin.accounts.owner')}</th><th scope="col">{t('admin.accounts.app')}</th><th scope="col">{t('admin.accounts.state')}</th><th scope="col">{t('admin.accounts.lastProblem')}</th></tr>
            </thead>
            <tbody>
              {accounts.items.map((a) => (
                <tr key={a.id} data-testid="account-row" data-status={a.status}>
                  <td>{a.email}</td>
                  <td>{owner(a.userId)}</td>
                  <td>{appText[a.app.source]}</td>
                  <td>
                    <span className={a.status === 'linked' ? 'status linked' : a.status === 'reconnect_needed' ? 'status warning' : 'status'}>{statusText[a.status]}</span>
                    {a.linkedAt && <div className="muted small"><FormattedDate value={a.linkedAt} /></div>}
                  </td>
                  <td>{a.lastError ? <DiagnosisBox diagnosis={a.lastError.diagnosis} testId="account-row-diagnosis" /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMoreButton nextCursor={accounts.nextCursor} loadMore={accounts.loadMore} label={t('admin.accounts.more')} testId="accounts-more" />
    </section>
  );
}
