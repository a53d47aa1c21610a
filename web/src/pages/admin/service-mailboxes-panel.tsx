import { useI18n } from '../../i18n/i18n-context.js';
import type { MicrosoftAppView } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { AppOnlyForm } from './app-only-form.js';
import { AppOnlySteps } from './app-only-steps.js';
import { AppOnlyCheck } from './app-only-check.js';
import { ServiceMailboxAdd } from './service-mailbox-add.js';
import { ServiceMailboxList } from './service-mailbox-list.js';
import { useServiceMailboxes } from './use-service-mailboxes.js';

interface Props {
  app: MicrosoftAppView | null;
  onAppChanged: (a: MicrosoftAppView) => void;
  /** The page's other account lists, read again when a service mailbox comes or goes. */
  onAccountsChanged: () => Promise<void>;
}

/**
 * Service mailboxes (issue 12; README "Service mailboxes (app-only sending)"): the organisation
 * app sends from mailboxes nobody links, with application permissions. App-only on or off with
 * its tenant, the mailboxes, how to give the app the right to send from them, and the check.
 */
export function ServiceMailboxesPanel({ app, onAppChanged, onAccountsChanged }: Props) {
  const { t } = useI18n();
  const mailboxes = useServiceMailboxes();
  const reloadMailboxes = mailboxes.reload;
  const changed = async () => {
    await Promise.all([reloadMailboxes(), onAccountsChanged()]);
  };
  const items = mailboxes.items ?? [];

  return (
    <section aria-labelledby="service-mailboxes-title" className="stack" data-testid="service-mailboxes">
      <h2 id="service-mailboxes-title">{t('admin.appOnly.title')}</h2>
      <p className="muted">{t('admin.appOnly.intro')}</p>
      {!app ? (
        <p className="muted" data-testid="service-mailboxes-no-app">{t('admin.appOnly.noApp')}</p>
      ) : (
        <>
          <AppOnlyForm app={app} onSaved={onAppChanged} />
          <div className="stack">
            <h3 id="service-mailboxes-list-title">{t('admin.appOnly.mailboxes.title')}</h3>
            <ErrorNotice error={mailboxes.error} testId="service-mailboxes-error" />
            {mailboxes.items === null ? (
              <p className="muted" role="status">{t('common.loading')}</p>
            ) : (
              <ServiceMailboxList mailboxes={items} onChanged={changed} />
            )}
            <ServiceMailboxAdd onAdded={changed} />
          </div>
          <AppOnlySteps clientId={app.clientId} addresses={items.map((m) => m.email)} />
          <AppOnlyCheck enabled={app.appOnly?.enabled ?? false} mailboxes={items} onChecked={changed} />
        </>
      )}
    </section>
  );
}
