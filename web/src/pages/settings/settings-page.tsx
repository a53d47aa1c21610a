import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSession } from '../../session/session-context.js';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { Tabs } from '../../components/tabs.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useDocumentTitle } from '../../components/use-document-title.js';
import { MailAccountTab } from './mail-account-tab.js';
import { DefaultsTab } from './defaults-tab.js';
import { ApiKeyTab } from './api-key-tab.js';
import { OutboxTab } from './outbox-tab.js';
import { WebhooksTab } from './webhooks-tab.js';
import { RelayTab } from './relay-tab.js';

type TabKey = 'account' | 'defaults' | 'apiKey' | 'outbox' | 'webhooks' | 'relay';

/** "Mail account" settings of the signed-in user: the seed's three tabs, the account's outbox, the user's webhooks and the account's SMTP relay. */
export function SettingsPage() {
  const { t } = useI18n();
  const { session, setup } = useSession();
  const [tab, setTab] = useState<TabKey>('account');
  const [account, setAccount] = useState<AccountView | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const userId = session?.user.id;
  useDocumentTitle(t('settings.title'));

  /** Admins get every account from GET /accounts: the settings page is about the user's own. */
  const reload = useCallback(async () => {
    try {
      setAccount(userId === undefined ? undefined : await accountsApi.findOwn(userId));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
  }, [userId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (!session) return null;
  return (
    <section className="card" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <p className="muted">{t('settings.forUser', { user: session.user.name || session.user.email })}</p>
      {session.scope === 'settings' && <p className="hint" data-testid="settings-link-session">{t('settings.linkSession')}</p>}
      <ErrorNotice error={error} testId="settings-load-error" />
      {!loaded ? (
        <p className="muted" role="status">{t('common.loading')}</p>
      ) : (
        <Tabs
          label={t('settings.tabsLabel')}
          selected={tab}
          onSelect={(k) => setTab(k as TabKey)}
          tabs={[
            {
              key: 'account',
              label: t('tabs.account'),
              testId: 'tab-account',
              panel: (
                <MailAccountTab
                  account={account}
                  organizationAppConfigured={setup?.organizationAppConfigured ?? false}
                  redirectUri={setup?.redirectUri ?? null}
                  onSaved={setAccount}
                  reload={reload}
                />
              ),
            },
            {
              key: 'defaults',
              label: t('tabs.defaults'),
              testId: 'tab-defaults',
              panel: <DefaultsTab key={account?.id ?? 'none'} account={account} onSaved={setAccount} />,
            },
            { key: 'apiKey', label: t('tabs.apiKey'), testId: 'tab-api-key', panel: <ApiKeyTab /> },
            {
              key: 'outbox',
              label: t('tabs.outbox'),
              testId: 'tab-outbox',
              panel: <OutboxTab key={account?.id ?? 'none'} account={account} shown={tab === 'outbox'} />,
            },
            // Added at the end, so the other tabs keep their keyboard order.
            { key: 'webhooks', label: t('tabs.webhooks'), testId: 'tab-webhooks', panel: <WebhooksTab /> },
            {
              key: 'relay',
              label: t('tabs.relay'),
              testId: 'tab-relay',
              panel: <RelayTab key={account?.id ?? 'none'} account={account} shown={tab === 'relay'} />,
            },
          ]}
        />
      )}
    </section>
  );
}
