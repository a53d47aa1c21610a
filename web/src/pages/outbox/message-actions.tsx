import { useI18n } from '../../i18n/i18n-context.js';
import { outboxApi } from '../../api/outbox-api.js';
import { isApiError } from '../../api/api-error.js';
import type { MessageView } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useSubmit } from '../../forms/use-submit.js';

const CANCELLABLE: ReadonlySet<MessageView['status']> = new Set(['queued', 'scheduled', 'retrying']);

interface Props {
  message: MessageView;
  /** The id of the cell that names the message: the buttons are described by it. */
  describedBy: string;
  /** Reloads the list: after a change, and after a 409 (it moved on meanwhile) to show where it is. */
  onChanged: () => Promise<void>;
}

/** Cancel (queued, scheduled, retrying) or retry (failed), busy while it runs, the error beside. */
export function MessageActions({ message: m, describedBy, onChanged }: Props) {
  const { t } = useI18n();
  const { busy, error, run } = useSubmit();
  const act = (call: (id: string) => Promise<MessageView>) => () =>
    void run(async () => {
      try {
        await call(m.id);
      } catch (e) {
        if (isApiError(e) && e.status === 409) void onChanged();
        throw e;
      }
      await onChanged();
    });
  const canCancel = CANCELLABLE.has(m.status);
  const canRetry = m.status === 'failed';
  if (!canCancel && !canRetry && !error) return null;
  return (
    <div className="stack">
      <div className="row-actions">
        {canCancel && (
          <button type="button" className="button small danger" disabled={busy} aria-busy={busy} aria-describedby={describedBy} onClick={act(outboxApi.cancel)} data-testid="outbox-cancel">
            {t('outbox.cancel')}
          </button>
        )}
        {canRetry && (
          <button type="button" className="button small" disabled={busy} aria-busy={busy} aria-describedby={describedBy} onClick={act(outboxApi.retry)} data-testid="outbox-retry">
            {t('outbox.retry')}
          </button>
        )}
      </div>
      <ErrorNotice error={error} testId="outbox-action-error" />
    </div>
  );
}
