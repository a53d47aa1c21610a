import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { apiKeysApi } from '../../api/api-keys-api.js';
import type { ApiKeyCreated, ApiKeyItem } from '../../api/contract-types.js';
import { CopyButton } from '../../components/copy-button.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { FormattedDate } from '../../components/formatted-date.js';
import { useSubmit } from '../../forms/use-submit.js';

/** The user's API keys: create (the key is shown once), list by prefix, revoke. */
export function ApiKeyTab() {
  const { t } = useI18n();
  const [items, setItems] = useState<ApiKeyItem[] | null>(null);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const { busy, error, setError, run } = useSubmit();

  const load = useCallback(async () => {
    try {
      setItems((await apiKeysApi.list()).items);
    } catch (e) {
      setError(e);
    }
  }, [setError]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = (fn: () => Promise<void>) => run(async () => {
    await fn();
    await load();
  });

  return (
    <div className="stack">
      <p>{t('apiKey.intro')}</p>
      <div className="actions">
        <button type="button" className="button primary" disabled={busy} onClick={() => act(async () => setCreated(await apiKeysApi.create()))} data-testid="api-key-create">
          {t('apiKey.create')}
        </button>
      </div>
      {created && (
        <div className="notice success" role="status" data-testid="api-key-created">
          <p className="notice-title">{t('apiKey.createdTitle')}</p>
          <p>{t('apiKey.createdText')}</p>
          <div className="inline">
            <code className="uri" data-testid="api-key-value">{created.key}</code>
            <CopyButton value={created.key} label={t('apiKey.copy')} testId="api-key-copy" />
          </div>
        </div>
      )}
      <ErrorNotice error={error} testId="api-key-error" />
      {items && items.length === 0 && <p className="muted">{t('apiKey.none')}</p>}
      {items && items.length > 0 && (
        <table className="table" data-testid="api-key-list">
          <caption className="visually-hidden">{t('apiKey.listCaption')}</caption>
          <thead>
            <tr><th scope="col">{t('apiKey.prefix')}</th><th scope="col">{t('apiKey.createdAt')}</th><th scope="col">{t('apiKey.lastUsed')}</th><th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th></tr>
          </thead>
          <tbody>
            {items.map((k) => (
              <tr key={k.id}>
                <td><code>{k.prefix}…</code></td>
                <td><FormattedDate value={k.createdAt} /></td>
                <td>{k.lastUsedAt ? <FormattedDate value={k.lastUsedAt} /> : t('apiKey.neverUsed')}</td>
                <td>
                  <button type="button" className="button small danger" disabled={busy} onClick={() => act(async () => { await apiKeysApi.revoke(k.id); if (created?.id === k.id) setCreated(null); })} aria-label={t('apiKey.revokeNamed', { prefix: k.prefix })} data-testid="api-key-revoke">
                    {t('apiKey.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
