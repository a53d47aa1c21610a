import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { AppCertificateSummary } from '../../api/contract-types.js';
import type { CertificateApi } from '../../api/certificate-api.js';
import { isApiError } from '../../api/api-error.js';
import { describeError } from '../../api/describe-error.js';
import { ErrorNotice } from '../error-notice.js';
import { CertificateDetails } from './certificate-details.js';
import { CertificateImportForm } from './certificate-import-form.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { RemoveSecretRow } from './remove-secret-row.js';
import { certificateFileName } from './download-certificate.js';

interface Props {
  certificate: AppCertificateSummary | null;
  /** Stable across renders (useMemo): the public certificate is read again when it changes. */
  api: CertificateApi;
  clientId: string;
  /** Prefix of ids and test ids: `org`, `account`. */
  idPrefix: string;
  /** Reads the app again after a change (its certificate summary and secret state). */
  onChanged: () => Promise<unknown>;
  /** Offered once a certificate is set, where the API can remove the app's secret. */
  removeSecret?: { secretSet: boolean; run: () => Promise<void> } | undefined;
}

type Notice = 'generated' | 'imported' | 'removed' | null;

/**
 * An app's certificate credential (issue 12): none → generate or import one; set → its thumbprints,
 * expiry, the public certificate to download and upload in Entra ID, replace or remove it (back to
 * the secret), and the secret itself to remove.
 */
export function CertificatePanel({ certificate, api, clientId, idPrefix, onChanged, removeSecret }: Props) {
  const { t } = useI18n();
  const [pem, setPem] = useState<{ thumbprint: string; pem: string } | null>(null);
  const [importing, setImporting] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const id = (name: string) => `${idPrefix}-cert-${name}`;
  const thumbprint = certificate?.thumbprintSha256 ?? null;
  const known = pem && pem.thumbprint === thumbprint ? pem.pem : null;

  useEffect(() => {
    if (!thumbprint || known) return;
    let live = true;
    api.get().then(
      (view) => live && setPem({ thumbprint: view.thumbprintSha256, pem: view.certificatePem }),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, thumbprint, known]);

  const changed = async (next: Notice, made?: { thumbprintSha256: string; certificatePem: string }) => {
    if (made) setPem({ thumbprint: made.thumbprintSha256, pem: made.certificatePem });
    setImporting(false);
    setReplacing(false);
    setNotice(next);
    await onChanged();
  };
  const generate = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await changed('generated', await api.generate());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    setRemoveError(null);
    try {
      await api.remove();
      setRemoving(false);
      await changed('removed');
    } catch (e) {
      // 409: the app has no secret to go back to; it could not sign in at all without the certificate.
      setRemoveError(isApiError(e) && e.status === 409 ? t('cert.removeNoSecret') : describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const offerNew = !certificate || replacing;
  return (
    <section className="cert-panel stack" aria-labelledby={id('title')} data-testid={id('panel')} data-state={certificate ? 'set' : 'none'}>
      <h3 id={id('title')}>{t('cert.title')}</h3>
      {certificate ? (
        <CertificateDetails certificate={certificate} pem={known} fileName={certificateFileName(clientId)} idPrefix={idPrefix} />
      ) : (
        <>
          <p className="notice-title" data-testid={id('none')}>{t('cert.none')}</p>
          <p className="hint">{t('cert.noneText')}</p>
        </>
      )}
      {notice && (
        <p className="success-text" role="status" data-testid={id('notice')} data-notice={notice}>
          {t(notice === 'generated' ? 'cert.generated' : notice === 'imported' ? 'cert.imported' : 'cert.removed')}
        </p>
      )}
      {replacing && <p className="notice warning" data-testid={id('replace-warning')}>{t('cert.replaceText')}</p>}
      <div className="actions">
        {offerNew ? (
          <>
            <button type="button" className="button primary" disabled={busy} aria-busy={busy} onClick={() => void generate()} data-testid={id('generate')}>{t('cert.generate')}</button>
            <button type="button" className="button" aria-expanded={importing} onClick={() => setImporting((v) => !v)} data-testid={id('import')}>{t('cert.import')}</button>
            {replacing && <button type="button" className="button ghost" onClick={() => { setReplacing(false); setImporting(false); }} data-testid={id('replace-cancel')}>{t('common.cancel')}</button>}
          </>
        ) : (
          <>
            <button type="button" className="button" onClick={() => { setNotice(null); setReplacing(true); }} data-testid={id('replace')}>{t('cert.replace')}</button>
            <button type="button" className="button danger" onClick={() => { setRemoveError(null); setRemoving(true); }} data-testid={id('remove')}>{t('cert.remove')}</button>
          </>
        )}
      </div>
      <ErrorNotice error={error} testId={id('error')} />
      {importing && <CertificateImportForm api={api} idPrefix={idPrefix} onImported={(v) => void changed('imported', v)} onCancel={() => setImporting(false)} />}
      {certificate && removeSecret && <RemoveSecretRow idPrefix={idPrefix} secretSet={removeSecret.secretSet} removeSecret={removeSecret.run} />}
      {removing && (
        <ConfirmDialog
          title={t('cert.removeTitle')}
          text={t('cert.removeText')}
          confirm={t('cert.remove')}
          busy={busy}
          error={removeError}
          onConfirm={() => void remove()}
          onCancel={() => setRemoving(false)}
          testId={id('remove-dialog')}
        />
      )}
    </section>
  );
}
