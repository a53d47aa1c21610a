import { useCallback, useEffect } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { webhooksApi } from '../../api/webhooks-api.js';
import type { PageParams } from '../../api/page-query.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ShowMoreButton } from '../admin/show-more-button.js';
import { useRefreshingList } from '../admin/use-refreshing-list.js';
import { useAutoRefresh } from '../outbox/use-auto-refresh.js';
import { WebhookDeliveryTable } from './webhook-delivery-table.js';

/**
 * An endpoint's delivery log, read while it is open and refreshed every few seconds (so a test
 * event's answer shows up by itself); "Show more" reads older attempts.
 */
export function WebhookDeliveries({ webhookId, url, refreshKey }: { webhookId: string; url: string; refreshKey: number }) {
  const { t } = useI18n();
  const fetchPage = useCallback((page: PageParams) => webhooksApi.deliveries(webhookId, page), [webhookId]);
  const log = useRefreshingList(fetchPage);
  const { loaded, error, refresh } = log;

  useEffect(() => {
    void refresh();
  }, [refresh, refreshKey]);
  useAutoRefresh(refresh, true, 2000);

  return (
    <div className="stack webhook-log" data-testid="webhook-deliveries">
      <ErrorNotice error={error} testId="webhook-deliveries-error" />
      {!loaded ? (
        <p className="muted" role="status">{t('common.loading')}</p>
      ) : log.items.length === 0 ? (
        <p className="muted" data-testid="webhook-deliveries-empty">{t('webhooks.log.none')}</p>
      ) : (
        <WebhookDeliveryTable items={log.items} caption={t('webhooks.log.caption', { url })} />
      )}
      <ShowMoreButton nextCursor={log.nextCursor} loadMore={log.loadMore} label={t('webhooks.log.more')} testId="webhook-deliveries-more" />
    </div>
  );
}
