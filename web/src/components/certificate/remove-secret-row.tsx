import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { describeError } from '../../api/describe-error.js';
import { ConfirmDialog } from './confirm-dialog.js';

interface Props {
  idPrefix: string;
  secretSet: boolean;
  /** PUT the app with `clientSecret: null`: the certificate alone authenticates it from then on. */
  removeSecret: () => Promise<void>;
}

/**
 * Once a certificate is set, the client secret is one more thing that can leak: offer to remove it,
 * after a confirmation (Microsoft refuses every sign-in if the certificate isn't uploaded yet).
 */
export function RemoveSecretRow({ idPrefix, secretSet, removeSecret }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removed, setRemoved] = useState(false);
  const id = `${idPrefix}-secret-remove`;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await removeSecret();
      setOpen(false);
      setRemoved(true);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack cert-secret" data-testid={`${idPrefix}-cert-secret`} data-secret-set={secretSet}>
      <h4>{t('cert.secretTitle')}</h4>
      {secretSet ? (
        <>
          <p className="hint">{t('cert.secretOffer')}</p>
          <div className="actions">
            <button type="button" className="button danger" onClick={() => { setError(null); setOpen(true); }} data-testid={id}>{t('cert.secretRemove')}</button>
          </div>
        </>
      ) : (
        <p className={removed ? 'success-text' : 'muted'} role="status" data-testid={`${idPrefix}-secret-removed`}>{removed ? t('cert.secretRemoved') : t('cert.secretNone')}</p>
      )}
      {open && (
        <ConfirmDialog
          title={t('cert.secretRemoveTitle')}
          text={t('cert.secretRemoveText')}
          confirm={t('cert.secretRemove')}
          busy={busy}
          error={error}
          onConfirm={() => void confirm()}
          onCancel={() => setOpen(false)}
          testId={`${id}-dialog`}
        />
      )}
    </div>
  );
}
