import { useI18n } from '../../i18n/i18n-context.js';
import { ModalDialog } from '../../components/modal-dialog.js';
import { ErrorNotice } from '../../components/error-notice.js';

interface Props {
  username: string;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}

/** "Delete this relay credential?": the next connection with it is refused; Cancel has the focus. */
export function RelayDeleteDialog({ username, busy, error, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  return (
    <ModalDialog
      title={t('relay.deleteTitle')}
      onCancel={onCancel}
      testId="relay-delete-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} data-testid="relay-delete-cancel">{t('common.cancel')}</button>
          <button type="button" className="button danger" disabled={busy} aria-busy={busy} onClick={onConfirm} data-testid="relay-delete-confirm">{t('relay.delete')}</button>
        </>
      }
    >
      <p>{t('relay.deleteText', { username })}</p>
      <ErrorNotice error={error} testId="relay-delete-error" />
    </ModalDialog>
  );
}
