import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { webhooksApi } from '../../api/webhooks-api.js';
import type { WebhookView } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useSubmit } from '../../forms/use-submit.js';
import { WebhookEventsFieldset } from './webhook-events-fieldset.js';

/** Changes which events an endpoint receives (PATCH events). */
export function WebhookEventsEditor({ webhook, onSaved, onCancel }: { webhook: WebhookView; onSaved: (w: WebhookView) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [events, setEvents] = useState<string[]>(webhook.events);
  const [missing, setMissing] = useState(false);
  const { busy, error, submit } = useSubmit();
  const save = submit(async () => onSaved(await webhooksApi.update(webhook.id, { events })), () => {
    setMissing(events.length === 0);
    return events.length > 0;
  });
  return (
    <form onSubmit={save} className="stack" noValidate data-testid="webhook-events-editor">
      <WebhookEventsFieldset idPrefix={`webhook-${webhook.id}`} value={events} onChange={setEvents} error={missing ? t('webhooks.eventsMissing') : null} />
      <ErrorNotice error={error} testId="webhook-events-error" />
      <div className="actions">
        <button type="submit" className="button primary small" disabled={busy} data-testid="webhook-events-save">{t('common.save')}</button>
        <button type="button" className="button small" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
