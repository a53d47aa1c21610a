import { useState } from 'react';
import { EmailAddress } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { adminApi } from '../../api/admin-api.js';
import type { AccountView, AppOnlyCheckResult } from '../../api/contract-types.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { DiagnosisBox } from '../../components/diagnosis-box.js';
import { useSubmit } from '../../forms/use-submit.js';

interface Props {
  /** App-only sending is on (saved): the check answers 409 otherwise. */
  enabled: boolean;
  mailboxes: AccountView[];
  /** A test message that went makes its mailbox `linked`: read the list again. */
  onChecked: () => Promise<void>;
}

/**
 * "Check" (POST /microsoft-app/app-only/check): an app-only token and, with a recipient, a test
 * message from the chosen service mailbox; what went wrong is the answer's diagnosis.
 */
export function AppOnlyCheck({ enabled, mailboxes, onChecked }: Props) {
  const { t } = useI18n();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [toProblem, setToProblem] = useState<string | null>(null);
  const [result, setResult] = useState<AppOnlyCheckResult | null>(null);
  const { busy, error, submit } = useSubmit();
  const chosen = mailboxes.some((m) => m.email === from) ? from : (mailboxes[0]?.email ?? '');

  const ready = () => {
    const bad = to.trim() !== '' && !EmailAddress.safeParse(to.trim()).success;
    setToProblem(bad ? t('test.recipientInvalid') : null);
    return !bad;
  };
  const check = submit(async () => {
    setResult(null);
    const recipient = to.trim();
    const answer = await adminApi.checkAppOnly(recipient ? { to: recipient, ...(chosen ? { from: chosen } : {}) } : {});
    setResult(answer);
    if (answer.sent || answer.diagnosis) await onChecked();
  }, ready);

  return (
    <form onSubmit={check} className="stack" noValidate aria-labelledby="app-only-check-title" data-testid="app-only-check">
      <h3 id="app-only-check-title">{t('admin.appOnly.check.title')}</h3>
      <p className="muted">{t('admin.appOnly.check.intro')}</p>
      {mailboxes.length > 0 && (
        <Field id="app-only-check-from" label={t('admin.appOnly.check.from')} info={t('admin.appOnly.check.fromInfo')}>
          {(p) => (
            <select {...p} value={chosen} onChange={(e) => setFrom(e.target.value)} data-testid="app-only-check-from">
              {mailboxes.map((m) => <option key={m.id} value={m.email}>{m.email}</option>)}
            </select>
          )}
        </Field>
      )}
      <Field id="app-only-check-to" label={t('admin.appOnly.check.to')} info={t('admin.appOnly.check.toInfo')} error={toProblem}>
        {(p) => <input {...p} type="email" autoComplete="email" placeholder={t('test.recipientPlaceholder')} value={to} onChange={(e) => setTo(e.target.value)} data-testid="app-only-check-to" />}
      </Field>
      <div className="actions">
        <button type="submit" className="button" disabled={busy || !enabled} aria-describedby={enabled ? undefined : 'app-only-check-off'} data-testid="app-only-check-run">{t('admin.appOnly.check.run')}</button>
        {busy && <span className="muted" role="status">{t('admin.appOnly.check.running')}</span>}
      </div>
      {!enabled && <p className="hint" id="app-only-check-off" data-testid="app-only-check-off">{t('admin.appOnly.check.off')}</p>}
      <ErrorNotice error={error} testId="app-only-check-error" />
      {result && <CheckResult result={result} />}
    </form>
  );
}

function CheckResult({ result }: { result: AppOnlyCheckResult }) {
  const { t } = useI18n();
  const ok = result.token === 'ok';
  const sent = result.sent;
  return (
    <div className="stack" data-testid="app-only-check-result" data-token={result.token} data-sent-status={sent?.status} data-diagnosis={result.diagnosis?.code}>
      <p className={ok ? 'success-text' : 'error-text'} role="status" data-testid="app-only-check-token">{t(ok ? 'admin.appOnly.check.tokenOk' : 'admin.appOnly.check.tokenFailed', { tenant: result.tenant })}</p>
      {sent && (
        <p className={sent.status === 'accepted' ? 'success-text' : undefined} data-testid="app-only-check-sent">
          {t('admin.appOnly.check.sent', { from: sent.from, status: t(`outbox.status.${sent.status}` as MessageKey) })}
        </p>
      )}
      {result.diagnosis && (
        <DiagnosisBox diagnosis={result.diagnosis} testId="app-only-check-diagnosis">
          {result.microsoftText && <p className="muted small" data-testid="app-only-check-microsoft">{t('admin.appOnly.check.microsoftText')} <code>{result.microsoftText}</code></p>}
        </DiagnosisBox>
      )}
    </div>
  );
}
