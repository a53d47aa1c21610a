import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageView } from '../../api/contract-types.js';
import { DiagnosisBox } from '../../components/diagnosis-box.js';
import { FormattedDate } from '../../components/formatted-date.js';
import { statusClass, statusKey } from './status-text.js';

/**
 * Where a message is, in words: waiting (and for what, with the fix, when a person must act),
 * scheduled, retrying with the next attempt and its diagnosis, failed with the fix, accepted.
 */
export function MessageStatus({ message: m }: { message: MessageView }) {
  const { t } = useI18n();
  // Held for a person (relink, fix the app): still queued or scheduled, with the reason.
  const held = (m.status === 'queued' || m.status === 'scheduled') && m.lastDiagnosis !== null;
  return (
    <div className="message-status">
      <span className={held ? 'status warning' : statusClass[m.status]} data-testid="outbox-status">{t(statusKey[m.status])}</span>
      {m.status === 'queued' && !m.lastDiagnosis && <p className="muted small">{t('outbox.queuedText')}</p>}
      {held && m.lastDiagnosis && (
        <div className="notice warning small" data-testid="outbox-held" data-code={m.lastDiagnosis.code}>
          <p>{t('outbox.heldText', { cause: m.lastDiagnosis.cause })}</p>
          <p><strong>{t('diagnosis.fix')}</strong> {m.lastDiagnosis.fix}</p>
        </div>
      )}
      {m.status === 'scheduled' && m.nextAttemptAt && (
        <p className="muted small">{t('outbox.scheduledFor')} <FormattedDate value={m.nextAttemptAt} /></p>
      )}
      {m.status === 'sending' && <p className="muted small">{t('outbox.sendingText')}</p>}
      {m.status === 'retrying' && m.nextAttemptAt && (
        <p className="muted small" data-testid="outbox-next-attempt">{t('outbox.nextAttempt')} <FormattedDate value={m.nextAttemptAt} /></p>
      )}
      {m.status === 'accepted' && m.acceptedAt && (
        <p className="muted small">{t('outbox.acceptedOn')} <FormattedDate value={m.acceptedAt} /></p>
      )}
      {(m.status === 'retrying' || m.status === 'failed') && m.lastDiagnosis && (
        <DiagnosisBox diagnosis={m.lastDiagnosis} testId="outbox-diagnosis" />
      )}
    </div>
  );
}
