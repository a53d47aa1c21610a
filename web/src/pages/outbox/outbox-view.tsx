import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ShowMoreButton } from '../admin/show-more-button.js';
import { OutboxTable } from './outbox-table.js';
import { OutboxToolbar } from './outbox-toolbar.js';
import { isMoving, type Outbox } from './use-outbox.js';

interface Props {
  outbox: Outbox;
  accountOf?: (accountId: string) => string;
  /** Prefix of the test ids: `outbox` on the settings page, `admin-outbox` in the admin area. */
  testId: string;
}

/** An outbox: filter and refresh, the table, "Show more", and what went wrong loading it. */
export function OutboxView({ outbox, accountOf, testId }: Props) {
  const { t } = useI18n();
  const { list, status, loaded, error, refresh } = outbox;
  return (
    <div className="stack">
      <OutboxToolbar status={status} onStatus={outbox.setStatus} refresh={refresh} testId={testId} />
      <ErrorNotice error={error} testId={`${testId}-error`} />
      {!loaded ? (
        <p className="muted" role="status">{t('common.loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted" data-testid={`${testId}-empty`}>{status ? t('outbox.noneWithStatus') : t('outbox.none')}</p>
      ) : (
        <OutboxTable items={list.items} accountOf={accountOf} onChanged={refresh} testId={`${testId}-table`} />
      )}
      {list.items.some((m) => isMoving(m)) && <p className="hint">{t('outbox.autoRefresh')}</p>}
      <ShowMoreButton nextCursor={list.nextCursor} loadMore={list.loadMore} label={t('outbox.more')} testId={`${testId}-more`} />
    </div>
  );
}
