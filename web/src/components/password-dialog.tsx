import { useState } from 'react';
import { sessionApi } from '../api/session-api.js';
import { isApiError } from '../api/api-error.js';
import { useSubmit } from '../forms/use-submit.js';
import { useI18n } from '../i18n/i18n-context.js';
import { ModalDialog } from './modal-dialog.js';
import { Field } from './field.js';
import { ErrorNotice } from './error-notice.js';

/** Change the signed-in user's password (current + new, at least 10 characters as on the server). */
export function PasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, submit } = useSubmit();
  const tooShort = next.length > 0 && next.length < 10;
  const fieldErrors = isApiError(error) ? error.fieldErrors() : {};

  const save = submit(async () => {
    await sessionApi.changePassword(current, next);
    setDone(true);
  }, () => !tooShort);

  return (
    <ModalDialog
      title={t('password.title')}
      onCancel={onClose}
      testId="password-dialog"
      actions={
        <>
          {!done && (
            <button type="submit" form="password-form" className="button primary" disabled={busy} data-testid="password-save">
              {t('password.save')}
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {done ? t('common.close') : t('common.cancel')}
          </button>
        </>
      }
    >
      {done ? (
        <p role="status" className="success-text">{t('password.changed')}</p>
      ) : (
        <form id="password-form" onSubmit={save} className="stack">
          <Field id="password-current" label={t('password.current')} error={fieldErrors.currentPassword}>
            {(p) => <input {...p} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />}
          </Field>
          <Field id="password-new" label={t('password.new')} hint={t('password.rule')} error={tooShort ? t('password.tooShort') : fieldErrors.newPassword}>
            {(p) => <input {...p} type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} />}
          </Field>
          {error !== null && !fieldErrors.currentPassword && !fieldErrors.newPassword && <ErrorNotice error={error} />}
        </form>
      )}
    </ModalDialog>
  );
}
