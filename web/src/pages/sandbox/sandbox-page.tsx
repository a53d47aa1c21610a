import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { sandboxApi } from '../../api/sandbox-api.js';
import { isApiError } from '../../api/api-error.js';
import type { SandboxView } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useDocumentTitle } from '../../components/use-document-title.js';
import { SandboxAppCard } from './sandbox-app-card.js';
import { SandboxInbox } from './sandbox-inbox.js';

/** The sandbox: a stand-in for Microsoft so the whole flow can be tried with no Azure tenant. */
export function SandboxPage() {
  const { t } = useI18n();
  const [sandbox, setSandbox] = useState<SandboxView | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(t('sandbox.title'));

  const load = useCallback(async () => {
    try {
      setSandbox(await sandboxApi.get());
    } catch (e) {
      if (isApiError(e) && e.status === 404) setSandbox(null);
      else setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="stack sandbox-page">
      <div className="sandbox-heading">
        <span className="sandbox-tag large">{t('sandbox.tag')}</span>
        <h1>{t('sandbox.title')}</h1>
      </div>
      <p className="lead">{t('sandbox.intro')}</p>
      <ErrorNotice error={error} testId="sandbox-error" />
      {sandbox === undefined && !error && <p className="muted" role="status">{t('common.loading')}</p>}
      {sandbox === null && <p className="notice warning" data-testid="sandbox-off">{t('sandbox.off')}</p>}
      {sandbox && (
        <>
          <SandboxAppCard sandbox={sandbox} onApplied={() => void load()} />
          <SandboxInbox />
        </>
      )}
    </div>
  );
}
