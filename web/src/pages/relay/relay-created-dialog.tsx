import { useI18n } from '../../i18n/i18n-context.js';
import type { RelayCredentialCreated } from '../../api/contract-types.js';
import { ModalDialog } from '../../components/modal-dialog.js';
import { CopyButton } from '../../components/copy-button.js';

/**
 * The new credential's username and password, with Copy buttons. The password is in this answer
 * only (the server stores a SHA-256 hash): once the dialog is closed it is gone from the page too.
 */
export function RelayCreatedDialog({ created, onClose }: { created: RelayCredentialCreated; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <ModalDialog
      title={t('relay.createdTitle')}
      onCancel={onClose}
      testId="relay-created-dialog"
      actions={<button type="button" className="button primary" onClick={onClose} data-testid="relay-created-close">{t('relay.stored')}</button>}
    >
      <p className="notice warning"><strong data-testid="relay-created-once">{t('relay.passwordOnce')}</strong></p>
      <dl className="details relay-created">
        <div className="detail">
          <dt>{t('relay.username')}</dt>
          <dd className="inline">
            <code className="uri" data-testid="relay-created-username">{created.username}</code>
            <CopyButton value={created.username} label={t('relay.copyUsername')} testId="relay-created-copy-username" />
          </dd>
        </div>
        <div className="detail">
          <dt>{t('relay.password')}</dt>
          <dd className="inline">
            <code className="uri" data-testid="relay-created-password">{created.password}</code>
            <CopyButton value={created.password} label={t('relay.copyPassword')} testId="relay-created-copy-password" />
          </dd>
        </div>
      </dl>
    </ModalDialog>
  );
}
