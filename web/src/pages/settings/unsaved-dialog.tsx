import { useI18n } from '../../i18n/i18n-context.js';
import { ModalDialog } from '../../components/modal-dialog.js';

/** The seed's "Data not saved" confirmation before linking. */
export function UnsavedDialog({ onSaveAndLink, onCancel }: { onSaveAndLink: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <ModalDialog
      title={t('unsaved.title')}
      onCancel={onCancel}
      testId="unsaved-dialog"
      actions={
        <>
          <button type="button" className="button primary" onClick={onSaveAndLink} data-testid="save-and-link">
            {t('unsaved.saveAndLink')}
          </button>
          <button type="button" className="button" onClick={onCancel} data-testid="unsaved-cancel">
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <p>{t('unsaved.text')}</p>
    </ModalDialog>
  );
}
