import { useI18n } from '../../i18n/i18n-context.js';
import { ModalDialog } from '../../components/modal-dialog.js';

/** "Delete this endpoint?": deleting also drops its delivery log, and cannot be undone. Cancel has the focus. */
export function WebhookDeleteDialog({ url, busy, onConfirm, onCancel }: { url: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <ModalDialog
      title={t('webhooks.deleteTitle')}
      onCancel={onCancel}
      testId="webhook-delete-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} data-testid="webhook-delete-cancel">{t('common.cancel')}</button>
          <button type="button" className="button danger" disabled={busy} onClick={onConfirm} data-testid="webhook-delete-confirm">{t('webhooks.delete')}</button>
        </>
      }
    >
      <p>{t('webhooks.deleteText')}</p>
      <p><code className="uri">{url}</code></p>
    </ModalDialog>
  );
}
