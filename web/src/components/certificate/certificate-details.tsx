import { useI18n } from '../../i18n/i18n-context.js';
import type { AppCertificateSummary } from '../../api/contract-types.js';
import { FormattedDate } from '../formatted-date.js';
import { daysLeft, expiryState } from './expiry-state.js';
import { downloadCertificate } from './download-certificate.js';

interface Props {
  certificate: AppCertificateSummary;
  /** The public certificate, once read from the server (the summary carries only thumbprints). */
  pem: string | null;
  fileName: string;
  idPrefix: string;
}

/**
 * A set certificate: the thumbprints to compare with Entra ID's (the portal's Thumbprint column is
 * the SHA-1, in hex), the expiry (warned 30 days ahead), the public certificate to download, and
 * where to upload it.
 */
export function CertificateDetails({ certificate, pem, fileName, idPrefix }: Props) {
  const { t } = useI18n();
  const id = (name: string) => `${idPrefix}-cert-${name}`;
  const state = expiryState(certificate.expiresAt);
  return (
    <div className="stack">
      <p data-testid={id('active')}>{t('cert.active')}</p>
      <dl className="details">
        <div className="detail">
          <dt>{t('cert.thumbprint')}</dt>
          <dd><code className="cert-thumbprint" data-testid={id('thumbprint')}>{certificate.thumbprint}</code></dd>
        </div>
        <div className="detail">
          <dt>{t('cert.thumbprintSha256')}</dt>
          <dd><code className="cert-thumbprint" data-testid={id('thumbprint-sha256')}>{certificate.thumbprintSha256}</code></dd>
        </div>
        <div className="detail">
          <dt>{t('cert.expires')}</dt>
          <dd>
            <span className={state === 'valid' ? undefined : state === 'expired' ? 'status danger' : 'status warning'} data-testid={id('expires')} data-state={state}>
              <FormattedDate value={certificate.expiresAt} dateOnly />
            </span>
            {state !== 'valid' && (
              <p className={state === 'expired' ? 'error-text' : 'hint'} role="status" data-testid={id('expiry-warning')}>
                {state === 'expired' ? t('cert.expired') : t('cert.expiring', { days: daysLeft(certificate.expiresAt) })}
              </p>
            )}
          </dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="button" disabled={!pem} onClick={() => pem && downloadCertificate(pem, fileName)} data-testid={id('download')}>
          {t('cert.download')}
        </button>
        <span className="muted small"><code>{fileName}</code></span>
      </div>
      <p className="hint" data-testid={id('upload-steps')}>{t('cert.uploadSteps', { file: fileName })}</p>
    </div>
  );
}
