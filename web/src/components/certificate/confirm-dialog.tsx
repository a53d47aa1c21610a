import { useI18n } from '../../i18n/i18n-context.js';
import { ModalDialog } from '../modal-dialog.js';

interface Props {
  title: string;
  text: string;
  confirm: string;
  busy: boolean;
  /** A sentence shown when the action failed (the dialog stays open). */
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  testId: string;
}

/** "Remove …?": Cancel has the focus, the action is the second button. */
export function ConfirmDialog({ title, text, confirm, busy, error, onConfirm, onCancel, testId }: Props) {
  const { t } = useI18n();
  return (
    <ModalDialog
      title={title}
      onCancel={onCancel}
      testId={testId}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} data-testid={`${testId}-cancel`}>{t('common.cancel')}</button>
          <button type="button" className="button danger" disabled={busy} aria-busy={busy} onClick={onConfirm} data-testid={`${testId}-confirm`}>{confirm}</button>
        </>
      }
    >
      <p>{text}</p>
      {error && <p className="error-text" role="alert" data-testid={`${testId}-error`}>{error}</p>}
    </ModalDialog>
  );
}
