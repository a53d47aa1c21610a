import { useId } from 'react';
import { OutboxStatus } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';
import type { OutboxStatus as Status } from '../../api/contract-types.js';
import { useSubmit } from '../../forms/use-submit.js';
import { statusKey } from './status-text.js';

interface Props {
  status: Status | '';
  onStatus: (status: Status | '') => void;
  refresh: () => Promise<void>;
  testId: string;
}

/** The status filter and the refresh button above an outbox table. */
export function OutboxToolbar({ status, onStatus, refresh, testId }: Props) {
  const { t } = useI18n();
  const id = useId();
  const { busy, run } = useSubmit();
  return (
    <div className="actions outbox-toolbar">
      <label htmlFor={`${id}-status`}>{t('outbox.filter')}</label>
      <select id={`${id}-status`} value={status} onChange={(e) => onStatus(e.target.value as Status | '')} data-testid={`${testId}-filter`}>
        <option value="">{t('outbox.filterAll')}</option>
        {OutboxStatus.options.map((s) => (
          <option key={s} value={s}>{t(statusKey[s])}</option>
        ))}
      </select>
      <button type="button" className="button" disabled={busy} aria-busy={busy} onClick={() => void run(refresh)} data-testid={`${testId}-refresh`}>
        {t('outbox.refresh')}
      </button>
    </div>
  );
}
