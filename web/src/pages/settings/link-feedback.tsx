import { useI18n } from '../../i18n/i18n-context.js';
import { DiagnosisBox } from '../../components/diagnosis-box.js';
import { ErrorNotice } from '../../components/error-notice.js';
import type { LinkState } from './use-link-popup.js';

/** What happened with the Microsoft popup, in words, with the fix. */
export function LinkFeedback({ state }: { state: LinkState }) {
  const { t, diagnosis } = useI18n();
  switch (state.kind) {
    case 'idle':
      return null;
    case 'waiting':
      return <p className="muted" role="status" data-testid="link-waiting">{t('link.waiting')}</p>;
    case 'linked':
      return <p className="success-text" role="status" data-testid="link-success">{t('link.success', { address: state.address })}</p>;
    case 'blocked':
      return (
        <div className="notice warning" role="alert" data-testid="link-popup-blocked">
          <p className="notice-title">{t('link.blockedTitle')}</p>
          <p>{t('link.blockedText', { origin: window.location.origin })}</p>
        </div>
      );
    case 'failed':
      return <ErrorNotice error={state.error} testId="link-error" />;
    case 'refused':
      return <DiagnosisBox diagnosis={state.diagnosis} testId="link-error" />;
    case 'closed': {
      const params = { redirectUri: state.redirectUri, clientId: state.clientId || t('link.yourClientId'), tenant: state.tenant };
      const redirect = diagnosis('redirect_uri_mismatch', params);
      const notFound = diagnosis('app_not_found', params);
      return (
        <div className="notice warning" role="alert" data-testid="link-popup-closed">
          <p className="notice-title">{t('link.closedTitle')}</p>
          <p>{t('link.closedText')}</p>
          <DiagnosisBox diagnosis={{ code: 'redirect_uri_mismatch', cause: redirect.cause, fix: redirect.fix }} testId="link-closed-redirect" />
          <DiagnosisBox diagnosis={{ code: 'app_not_found', cause: notFound.cause, fix: notFound.fix }} testId="link-closed-app" />
          <p className="muted">{t('link.closedCancelled')}</p>
        </div>
      );
    }
  }
}
