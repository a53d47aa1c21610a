import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { DiagnosisBox } from '../../components/diagnosis-box.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { useSubmit } from '../../forms/use-submit.js';
import { MethodSwitchNotice } from './method-switch-notice.js';

/** True when Microsoft refuses SMTP sign-in for this SMTP + IMAP account (535 5.7.139): Graph still works. */
export const smtpAuthDisabled = (account: AccountView | undefined): boolean =>
  account?.sendingMethod === 'smtp_imap' && account.lastError?.diagnosis.code === 'smtp_auth_disabled';

/**
 * The smtp_auth_disabled diagnosis with its one-click fix: switch the account to Graph sending.
 * Held messages then go at once, or after linking again when Graph's permissions were never
 * granted: said before the click, and after it.
 */
export function SwitchToGraph({ account, onSwitched }: { account: AccountView; onSwitched: (account: AccountView) => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useSubmit();
  const [switched, setSwitched] = useState<'now' | 'relink' | null>(null);
  const result = useRef<HTMLParagraphElement>(null);

  // The button goes away with the diagnosis: the focus moves to what happened instead.
  useEffect(() => {
    if (switched) result.current?.focus();
  }, [switched]);

  const switchNow = () =>
    void run(async () => {
      const updated = await accountsApi.update(account.id, { sendingMethod: 'graph' });
      setSwitched(updated.status === 'linked' ? 'now' : 'relink');
      onSwitched(updated);
    });

  if (switched) {
    return (
      <p ref={result} tabIndex={-1} role="status" className={switched === 'now' ? 'notice success' : 'notice warning'} data-testid="switched-to-graph" data-relink={switched === 'relink'}>
        {switched === 'now' ? t('account.switchedToGraph') : t('account.switchedToGraphRelink')}
      </p>
    );
  }
  const lastError = account.lastError;
  if (!smtpAuthDisabled(account) || !lastError) return null;
  return (
    <DiagnosisBox diagnosis={lastError.diagnosis} testId="smtp-auth-disabled">
      <div className="actions">
        <button type="button" className="button primary" onClick={switchNow} disabled={busy} data-testid="switch-to-graph">
          {t('account.switchToGraph')}
        </button>
      </div>
      <MethodSwitchNotice account={account} to="graph" testId="switch-to-graph-notice" />
      <ErrorNotice error={error} testId="switch-to-graph-error" />
    </DiagnosisBox>
  );
}
