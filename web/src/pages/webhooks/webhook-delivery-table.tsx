import { useI18n } from '../../i18n/i18n-context.js';
import type { WebhookDelivery } from '../../api/contract-types.js';
import { FormattedDate } from '../../components/formatted-date.js';
import { eventLabel } from './webhook-event-labels.js';

/** Delivery attempts, newest first: when, which event, attempt, the receiver's status code, duration, error. */
export function WebhookDeliveryTable({ items, caption }: { items: WebhookDelivery[]; caption: string }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="webhook-deliveries-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('webhooks.log.time')}</th>
            <th scope="col">{t('webhooks.log.event')}</th>
            <th scope="col">{t('webhooks.log.attempt')}</th>
            <th scope="col">{t('webhooks.log.status')}</th>
            <th scope="col">{t('webhooks.log.duration')}</th>
            <th scope="col">{t('webhooks.log.error')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => {
            const ok = d.statusCode !== null && d.statusCode >= 200 && d.statusCode < 300;
            return (
              <tr key={d.id} data-testid="webhook-delivery" data-status-code={d.statusCode ?? ''} data-event-type={d.eventType}>
                <td><FormattedDate value={d.at} /></td>
                <td>{d.eventType === 'webhook.test' ? t('webhooks.event.test') : eventLabel(t, d.eventType)} <code className="muted small">{d.eventType}</code></td>
                <td>{d.attempt}</td>
                <td>
                  <span className={ok ? 'status linked' : 'status danger'} data-testid="webhook-delivery-status">
                    {d.statusCode ?? t('webhooks.log.noAnswer')}
                  </span>
                </td>
                <td>{t('webhooks.log.ms', { ms: d.durationMs })}</td>
                <td>{d.error ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
