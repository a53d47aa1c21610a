import { useI18n } from '../../i18n/i18n-context.js';
import { CopyButton } from '../../components/copy-button.js';
import { InfoTip } from '../../components/info-tip.js';

/** The exact redirect URI to register in Azure (platform Web), with a copy button. */
export function RedirectUriRow({ redirectUri, testId = 'redirect-uri' }: { redirectUri: string; testId?: string }) {
  const { t } = useI18n();
  const label = t('account.redirectUri');
  return (
    <div className="field">
      <div className="field-label">
        <span id={`${testId}-label`}>{label}</span>
        <InfoTip label={label} text={t('account.redirectUriInfo')} />
      </div>
      <div className="field-control inline">
        <code className="uri" aria-labelledby={`${testId}-label`} data-testid={testId}>{redirectUri}</code>
        <CopyButton value={redirectUri} label={t('account.copyRedirectUri')} testId={`${testId}-copy`} />
      </div>
    </div>
  );
}
