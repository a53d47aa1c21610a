import { useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSubmit } from '../../forms/use-submit.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { DiagnosisBox } from '../../components/diagnosis-box.js';
import { FormattedDate } from '../../components/formatted-date.js';
import { ModalDialog } from '../../components/modal-dialog.js';
import type { MessageKey } from '../../i18n/messages.js';
import { mailboxApi, type MailboxState, type MailboxSyncStatus } from './mailbox-api.js';

const STATUS: Record<MailboxSyncStatus, { key: MessageKey; tone: string }> = {
  off: { key: 'mailbox.status.off', tone: '' },
  initial_sync: { key: 'mailbox.status.initial_sync', tone: 'warning' },
  synced: { key: 'mailbox.status.synced', tone: 'linked' },
  reconnecting: { key: 'mailbox.status.reconnecting', tone: 'warning' },
  error: { key: 'mailbox.status.error', tone: 'danger' },
};

interface Props {
  accountId: string;
  state: MailboxState;
  onState: (s: MailboxState) => void;
}

/** The "Read this mailbox" switch, the sync state, the first sync's progress and what is wrong, if anything. */
export function SyncPanel({ accountId, state, onState }: Props) {
  const { t } = useI18n();
  const { busy, error, run } = useSubmit();
  const base = useId();
  const status = STATUS[state.status];
  /** Turning reading off deletes the stored copy (folders, messages, cached bodies): asked first. */
  const [confirmingOff, setConfirmingOff] = useState(false);
  const setReading = (reading: boolean) =>
    run(async () => {
      const next = await mailboxApi.setReading(accountId, reading);
      // Older servers may answer 204: then say what was asked until the next read of the state.
      onState(next ?? { ...state, reading });
    });
  // aria-disabled, not disabled, while it works: the switch keeps the focus (the dialog gives it back).
  const toggle = () => {
    if (state.reading) setConfirmingOff(true);
    else void setReading(true);
  };
  const turnOff = () => {
    setConfirmingOff(false);
    void setReading(false);
  };

  return (
    <section className="mail-sync stack" aria-labelledby={`${base}-title`} data-testid="mail-sync">
      <h2 id={`${base}-title`} className="visually-hidden">{t('mailbox.syncState')}</h2>
      <div className="inline spread">
        <div className="inline">
          <button
            type="button"
            role="switch"
            className="switch"
            aria-checked={state.reading}
            aria-describedby={`${base}-hint`}
            aria-disabled={busy || undefined}
            onClick={busy ? undefined : toggle}
            data-testid="mail-reading"
          >
            <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>
            <span>{t('mailbox.reading')}</span>
          </button>
        </div>
        <p className="inline" data-testid="mail-sync-status" data-status={state.status}>
          <span className="muted">{t('mailbox.syncState')}:</span> <span className={`status ${status.tone}`}>{t(status.key)}</span>
        </p>
      </div>
      <p className="hint" id={`${base}-hint`}>{t('mailbox.readingHint')}</p>
      <ErrorNotice error={error} testId="mail-reading-error" />
      {state.status === 'initial_sync' && (
        <div className="mail-progress">
          <label htmlFor={`${base}-progress`}>{t('mailbox.progressLabel')}</label>
          <progress id={`${base}-progress`} max={Math.max(state.total, 1)} value={state.done} data-testid="mail-sync-progress" />
          <span className="small muted" role="status">{t('mailbox.progress', { done: state.done, total: state.total })}</span>
        </div>
      )}
      {state.reading && state.lastSyncAt && (
        <p className="small muted" data-testid="mail-last-sync">
          {t('mailbox.lastSync')} <FormattedDate value={state.lastSyncAt} />
        </p>
      )}
      {state.diagnosis && <DiagnosisBox diagnosis={state.diagnosis} testId="mail-sync-diagnosis" />}
      {confirmingOff && (
        <ModalDialog
          title={t('mailbox.stopReading.title')}
          onCancel={() => setConfirmingOff(false)}
          testId="mail-reading-off-dialog"
          actions={
            <>
              <button type="button" className="button" onClick={() => setConfirmingOff(false)} data-testid="mail-reading-off-cancel">{t('common.cancel')}</button>
              <button type="button" className="button danger" disabled={busy} onClick={turnOff} data-testid="mail-reading-off-confirm">{t('mailbox.stopReading.confirm')}</button>
            </>
          }
        >
          <p>{t('mailbox.stopReading.text')}</p>
        </ModalDialog>
      )}
    </section>
  );
}
