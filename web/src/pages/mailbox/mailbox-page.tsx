import { useId } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSession } from '../../session/session-context.js';
import { Link, useRoute } from '../../router/router.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useDocumentTitle } from '../../components/use-document-title.js';
import { useMailboxAccounts } from './use-mailbox-accounts.js';
import { useMailboxState } from './use-mailbox-state.js';
import { SyncPanel } from './sync-panel.js';
import { MailboxBrowser } from './mailbox-browser.js';
import './mailbox.css';

/**
 * The mailbox page (issue 11): one of the user's accounts (chosen here, or named in the URL as
 * `?account=`), its "Read this mailbox" switch and sync state, then its folders and messages.
 * Reached from the navigation, and from a signed settings link's session as well.
 */
export function MailboxPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const { query, navigate } = useRoute();
  const wanted = query.get('account');
  const { items, error } = useMailboxAccounts(session?.user.id, wanted);
  const pickId = useId();
  useDocumentTitle(t('mailbox.title'));

  const accountId = wanted ?? items?.[0]?.id;
  return (
    <section className="card mailbox stack" aria-labelledby="mailbox-title">
      <h1 id="mailbox-title">{t('mailbox.title')}</h1>
      <p className="muted">{t('mailbox.intro')}</p>
      <ErrorNotice error={error} testId="mailbox-accounts-error" />
      {items === undefined ? (
        <p className="muted" role="status">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="mailbox-no-account">
          {t('mailbox.noAccount')} <Link to="/settings">{t('nav.settings')}</Link>
        </p>
      ) : (
        <>
          {items.length > 1 && (
            <div className="inline">
              <label htmlFor={pickId}>{t('mailbox.account')}</label>
              <select id={pickId} className="mail-account-pick" value={accountId} onChange={(e) => navigate(`/mailbox?account=${encodeURIComponent(e.target.value)}`, { replace: true })} data-testid="mailbox-account">
                {items.map((a) => (
                  <option key={a.id} value={a.id}>{a.linkedAddress ?? a.email}</option>
                ))}
              </select>
            </div>
          )}
          {items.length === 1 && <p data-testid="mailbox-account-email"><strong>{t('mailbox.account')}:</strong> {items[0]!.linkedAddress ?? items[0]!.email}</p>}
          {accountId && <AccountMailbox key={accountId} accountId={accountId} />}
        </>
      )}
    </section>
  );
}

function AccountMailbox({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const { state, error, setState } = useMailboxState(accountId);
  if (!state) return error ? <ErrorNotice error={error} testId="mailbox-state-error" /> : <p className="muted" role="status">{t('common.loading')}</p>;
  const tick = `${state.status}|${state.done}|${state.lastSyncAt ?? ''}`;
  return (
    <>
      <SyncPanel accountId={accountId} state={state} onState={setState} />
      <ErrorNotice error={error} testId="mailbox-state-error" />
      {state.reading ? <MailboxBrowser accountId={accountId} syncTick={tick} /> : <p className="muted" data-testid="mailbox-off">{t('mailbox.readingOff')}</p>}
    </>
  );
}
