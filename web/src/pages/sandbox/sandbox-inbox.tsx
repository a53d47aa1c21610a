import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { sandboxApi } from '../../api/sandbox-api.js';
import type { SandboxMessage } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { FormattedDate } from '../../components/formatted-date.js';

const REFRESH_MS = 4000;

/** Messages that reached the sandbox's mailboxes; refreshes itself every few seconds. */
export function SandboxInbox() {
  const { t } = useI18n();
  const [items, setItems] = useState<SandboxMessage[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [auto, setAuto] = useState(true);

  const load = useCallback(async () => {
    try {
      const { items: list } = await sandboxApi.inbox();
      setItems([...list].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void load();
    if (!auto) return;
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load, auto]);

  return (
    <section className="card stack" aria-labelledby="sandbox-inbox-title">
      <div className="inline spread">
        <h2 id="sandbox-inbox-title">
          <span className="sandbox-tag">{t('sandbox.tag')}</span> {t('sandbox.inboxTitle')}
        </h2>
        <div className="inline">
          <label className="checkbox">
            <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} data-testid="sandbox-inbox-auto" />
            {t('sandbox.autoRefresh')}
          </label>
          <button type="button" className="button small" onClick={() => void load()} data-testid="sandbox-inbox-refresh">{t('sandbox.refresh')}</button>
        </div>
      </div>
      <ErrorNotice error={error} testId="sandbox-inbox-error" />
      {items && items.length === 0 && <p className="muted" data-testid="sandbox-inbox-empty">{t('sandbox.inboxEmpty')}</p>}
      {items && items.length > 0 && (
        <ul className="inbox" data-testid="sandbox-inbox" aria-live="polite">
          {items.map((m) => (
            <li key={m.id} className="message" data-testid="sandbox-message">
              <div className="inline spread">
                <strong className="subject">{m.subject}</strong>
                <FormattedDate value={m.receivedAt} />
              </div>
              <p className="muted small">
                {t('sandbox.from')} {m.from ?? '—'} · {t('sandbox.to')} {m.to.join(', ')} · {t('sandbox.mailbox')} {m.mailbox}
              </p>
              <p className="body-text">{m.bodyText}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
