import { useI18n } from '../../i18n/i18n-context.js';
import { Link, useRoute } from '../../router/router.js';
import { useSession } from '../../session/session-context.js';
import { useDocumentTitle } from '../../components/use-document-title.js';
import type { SessionView } from '../../api/contract-types.js';
import { FirstAdminForm } from './first-admin-form.js';
import { NextStepChoice } from './next-step-choice.js';

/** First run: create the first administrator, then choose a real Microsoft app or the sandbox. */
export function SetupPage() {
  const { t } = useI18n();
  const { setup, session, setSession, refreshSetup } = useSession();
  const { query } = useRoute();
  useDocumentTitle(t('setup.title'));

  const created = (s: SessionView) => {
    setSession(s);
    void refreshSetup();
  };

  if (!setup) return <p className="muted" role="status">{t('common.loading')}</p>;
  const isAdmin = session?.user.role === 'admin' && session.scope === 'full';

  return (
    <section className="card">
      <h1>{t('setup.title')}</h1>
      {setup.needsFirstAdmin ? (
        <>
          <p>{t('setup.intro')}</p>
          <FirstAdminForm initialCode={query.get('code') ?? ''} onCreated={created} />
        </>
      ) : isAdmin ? (
        <>
          <p className="success-text" role="status">{setup.organizationAppConfigured ? t('setup.ready') : t('setup.adminReady')}</p>
          <NextStepChoice sandboxAvailable={setup.sandbox.available} />
        </>
      ) : (
        <p>
          {t('setup.done')} <Link to="/login">{t('login.submit')}</Link>
        </p>
      )}
    </section>
  );
}
