import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSession } from '../../session/session-context.js';
import { sandboxApi } from '../../api/sandbox-api.js';
import type { SandboxView } from '../../api/contract-types.js';
import { CopyButton } from '../../components/copy-button.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Link } from '../../router/router.js';
import { useSubmit } from '../../forms/use-submit.js';

/** Plays the Azure portal's part: the sandbox app's client ID and secret Value, and its users. */
export function SandboxAppCard({ sandbox, onApplied }: { sandbox: SandboxView; onApplied: () => void }) {
  const { t } = useI18n();
  const { session, refreshSetup } = useSession();
  const { busy, error, run } = useSubmit();
  const [applied, setApplied] = useState(false);
  const isAdmin = session?.user.role === 'admin';

  const apply = () => run(async () => {
    await sandboxApi.apply();
    setApplied(true);
    await refreshSetup();
    onApplied();
  });

  const rows = [
    { key: 'displayName', label: t('sandbox.appName'), value: sandbox.app.displayName, copy: false },
    { key: 'clientId', label: t('account.clientId'), value: sandbox.app.clientId, copy: true },
    { key: 'clientSecret', label: t('sandbox.secretValue'), value: sandbox.app.clientSecret, copy: true },
    { key: 'tenant', label: t('account.tenant'), value: sandbox.app.tenant, copy: true },
  ];
  return (
    <section className="card stack" aria-labelledby="sandbox-app-title">
      <h2 id="sandbox-app-title">{t('sandbox.appTitle')}</h2>
      <p className="muted">{t('sandbox.appIntro')}</p>
      <dl className="details">
        {rows.map((r) => (
          <div key={r.key} className="detail">
            <dt>{r.label}</dt>
            <dd className="inline">
              <code data-testid={`sandbox-${r.key}`}>{r.value}</code>
              {r.copy && <CopyButton value={r.value} label={t('copy.named', { name: r.label })} testId={`sandbox-${r.key}-copy`} />}
            </dd>
          </div>
        ))}
      </dl>
      <h3>{t('sandbox.usersTitle')}</h3>
      <ul className="sandbox-users" data-testid="sandbox-users">
        {sandbox.users.map((u) => (
          <li key={u.email}>
            <span className={u.kind === 'work' ? 'badge' : 'badge personal'}>{u.kind === 'work' ? t('sandbox.work') : t('sandbox.personal')}</span>{' '}
            <strong>{u.displayName}</strong> <code>{u.email}</code>
          </li>
        ))}
      </ul>
      <p className="hint">{t('sandbox.usersHint')}</p>
      {sandbox.active || applied ? (
        <p className="success-text" role="status" data-testid="sandbox-active">
          {t('sandbox.isActive')} <Link to="/settings">{t('sandbox.goSettings')}</Link>
        </p>
      ) : isAdmin ? (
        <div className="actions">
          <button type="button" className="button primary" disabled={busy} onClick={apply} data-testid="sandbox-apply">{t('sandbox.apply')}</button>
          <span className="muted small">{t('sandbox.applyHint')}</span>
        </div>
      ) : (
        <p className="hint">{t('sandbox.askAdmin')}</p>
      )}
      <ErrorNotice error={error} testId="sandbox-apply-error" />
    </section>
  );
}
