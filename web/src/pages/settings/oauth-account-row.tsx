import type { RefObject } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { InfoTip } from '../../components/info-tip.js';
import { DiagnosisBox } from '../../components/diagnosis-box.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { useSubmit } from '../../forms/use-submit.js';
import { LinkFeedback } from './link-feedback.js';
import type { LinkState } from './use-link-popup.js';

interface Props {
  account: AccountView | undefined;
  linkState: LinkState;
  onLinkClick: () => void;
  onChanged: (account: AccountView) => void;
  linkButtonRef: RefObject<HTMLButtonElement | null>;
}

/** The seed's "OAuth account" row: Not linked + Link account, or ✓ address + Unlink. */
export function OauthAccountRow({ account, linkState, onLinkClick, onChanged, linkButtonRef }: Props) {
  const { t } = useI18n();
  const { busy, error: unlinkError, run } = useSubmit();
  const linked = account?.status === 'linked';
  const label = t('account.oauth');

  const unlink = async () => {
    if (account) await run(async () => onChanged(await accountsApi.unlink(account.id)));
  };

  return (
    <div className="field oauth-row" role="group" aria-labelledby="oauth-label">
      <div className="field-label">
        <span id="oauth-label">{label}</span>
        <InfoTip label={label} text={t('account.oauthInfo')} />
      </div>
      <div className="field-control">
        <div className="inline">
          {linked ? (
            <>
              <span className="status linked" data-testid="oauth-status">
                <span aria-hidden="true">✓ </span>
                <span className="visually-hidden">{t('account.linkedAs')} </span>
                {account.linkedAddress ?? account.email}
              </span>
              <button type="button" className="button" onClick={unlink} disabled={busy} data-testid="unlink-account">
                {t('account.unlink')}
              </button>
            </>
          ) : (
            <>
              <span className={account?.status === 'reconnect_needed' ? 'status warning' : 'status'} data-testid="oauth-status">
                {account?.status === 'reconnect_needed' ? t('account.reconnectNeeded') : t('account.notLinked')}
              </span>
              <button ref={linkButtonRef} type="button" className="button primary" onClick={onLinkClick} disabled={linkState.kind === 'waiting'} data-testid="link-account">
                {t('account.link')}
              </button>
            </>
          )}
        </div>
        {!linked && <p className="hint">{t('account.linkNeeded')}</p>}
        {/* SMTP sign-in switched off is no linking problem: SwitchToGraph shows it, with its fix. */}
        {!linked && account?.lastError && account.lastError.diagnosis.code !== 'smtp_auth_disabled' && linkState.kind === 'idle' && (
          <DiagnosisBox diagnosis={account.lastError.diagnosis} testId="account-last-error" />
        )}
        <LinkFeedback state={linkState} />
        <ErrorNotice error={unlinkError} testId="unlink-error" />
      </div>
    </div>
  );
}
