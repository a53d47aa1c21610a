import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSession } from '../../session/session-context.js';
import { adminApi } from '../../api/admin-api.js';
import { accountsApi } from '../../api/accounts-api.js';
import { isApiError } from '../../api/api-error.js';
import type { MicrosoftAppView } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useDocumentTitle } from '../../components/use-document-title.js';
import { AdminBanners } from './admin-banners.js';
import { OrgAppForm } from './org-app-form.js';
import { OrgAppCertificate } from './org-app-certificate.js';
import { ServiceMailboxesPanel } from './service-mailboxes-panel.js';
import { UsersPanel } from './users-panel.js';
import { AccountsPanel } from './accounts-panel.js';
import { OutboxPanel } from './outbox-panel.js';
import { WebhooksPanel } from './webhooks-panel.js';
import { usePagedList } from './use-paged-list.js';

/** The admin area: organisation app, service mailboxes (app-only), users, all mail accounts, their outbox and every webhook endpoint (lists by pages, "Show more"). */
export function AdminPage() {
  const { t } = useI18n();
  const { session, refreshSetup } = useSession();
  const [app, setApp] = useState<MicrosoftAppView | null | undefined>(undefined);
  const users = usePagedList(adminApi.listUsers);
  const accounts = usePagedList(accountsApi.list);
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(t('admin.title'));

  const reloadUsers = users.reload;
  const reloadAccounts = accounts.reload;
  const reload = useCallback(async () => {
    try {
      const [appResult] = await Promise.all([
        adminApi.getMicrosoftApp().catch((e: unknown) => {
          if (isApiError(e) && e.status === 404) return null;
          throw e;
        }),
        reloadUsers(),
        reloadAccounts(),
      ]);
      setApp(appResult);
    } catch (e) {
      setError(e);
      setApp((a) => a ?? null);
    }
  }, [reloadUsers, reloadAccounts]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <div className="stack">
      <h1>{t('admin.title')}</h1>
      <AdminBanners app={app ?? null} accounts={accounts.items} />
      <ErrorNotice error={error} testId="admin-load-error" />
      {app === undefined ? (
        <p className="muted" role="status">{t('common.loading')}</p>
      ) : (
        <section className="card stack">
          <OrgAppForm app={app} onSaved={(a) => { setApp(a); void refreshSetup(); }} />
          {app && <OrgAppCertificate app={app} onChanged={setApp} />}
        </section>
      )}
      {app !== undefined && (
        <section className="card">
          <ServiceMailboxesPanel app={app} onAppChanged={setApp} onAccountsChanged={reloadAccounts} />
        </section>
      )}
      <section className="card">
        <UsersPanel users={users} currentUserId={session?.user.id ?? ''} reload={reload} />
      </section>
      <section className="card">
        <AccountsPanel accounts={accounts} users={users.items} />
      </section>
      <section className="card">
        <OutboxPanel accounts={accounts.items} />
      </section>
      <section className="card">
        <WebhooksPanel users={users.items} />
      </section>
    </div>
  );
}
