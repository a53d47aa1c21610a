import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { WebhookView, WebhookWithSecret } from '../../api/contract-types.js';
import { FormattedDate } from '../../components/formatted-date.js';
import { WebhookActions } from './webhook-actions.js';
import { WebhookDeliveries } from './webhook-deliveries.js';
import { eventLabel } from './webhook-event-labels.js';
import { WebhookEventsEditor } from './webhook-events-editor.js';
import { WebhookSecretBox, type ShownSecret } from './webhook-secret-box.js';
import { WebhookState } from './webhook-state.js';
import { useWebhookActions } from './use-webhook-actions.js';

interface Props {
  webhook: WebhookView;
  /** In the admin area: the owner's address. */
  owner?: string | undefined;
  secret: ShownSecret | null;
  onSecret: (rotated: WebhookWithSecret | null) => void;
  onChanged: () => Promise<void>;
  /** Its card is gone: the focus needs a new home. */
  onDeleted: () => void;
}

/** One endpoint: where it sends, what, its state, its actions and its delivery log. */
export function WebhookCard({ webhook, owner, secret, onSecret, onChanged, onDeleted }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  const [logKey, setLogKey] = useState(0);
  const actions = useWebhookActions(webhook, { onSecret, onChanged, onDeleted, onTested: () => { setLogOpen(true); setLogKey((k) => k + 1); } });
  const titleId = `webhook-title-${webhook.id}`;
  const logId = `webhook-log-${webhook.id}`;
  const previousUntil = webhook.previousSecretUntil && Date.parse(webhook.previousSecretUntil) > Date.now() ? webhook.previousSecretUntil : null;

  return (
    <article className="webhook-card stack" aria-labelledby={titleId} data-testid="webhook-card" data-id={webhook.id} data-url={webhook.url} data-enabled={webhook.enabled}>
      <div className="inline spread">
        <h3 id={titleId} className="webhook-url"><code>{webhook.url}</code></h3>
        <WebhookState webhook={webhook} busy={actions.busy} onEnable={() => actions.setEnabled(true)} />
      </div>
      {webhook.description && <p data-testid="webhook-card-description">{webhook.description}</p>}
      <dl className="webhook-facts">
        {owner !== undefined && (<><dt>{t('webhooks.owner')}</dt><dd data-testid="webhook-owner">{owner}</dd></>)}
        <dt>{t('webhooks.scope')}</dt>
        <dd>{webhook.scope === 'all' ? t('webhooks.scopeAll') : t('webhooks.scopeOwn')}</dd>
        <dt>{t('webhooks.events')}</dt>
        <dd data-testid="webhook-events">
          {editing ? (
            <WebhookEventsEditor webhook={webhook} onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); void onChanged(); }} />
          ) : (
            <div className="inline">
              <span>{webhook.events.map((e) => eventLabel(t, e)).join(', ')}</span>
              <button type="button" className="button small ghost" onClick={() => setEditing(true)} aria-label={t('webhooks.changeEventsOf', { url: webhook.url })} data-testid="webhook-change-events">
                {t('webhooks.changeEvents')}
              </button>
            </div>
          )}
        </dd>
        <dt>{t('webhooks.createdAt')}</dt>
        <dd><FormattedDate value={webhook.createdAt} /></dd>
      </dl>
      {secret && <WebhookSecretBox shown={secret} onDismiss={() => onSecret(null)} />}
      {!secret && previousUntil && (
        <p className="hint" data-testid="webhook-previous-secret">{t('webhooks.previousSecretStill')} <FormattedDate value={previousUntil} /></p>
      )}
      <WebhookActions webhook={webhook} actions={actions} />
      <div>
        <button type="button" className="button small" aria-expanded={logOpen} aria-controls={logId} onClick={() => setLogOpen((o) => !o)} data-testid="webhook-log-toggle">
          {logOpen ? t('webhooks.log.hide') : t('webhooks.log.show')}
        </button>
        <div id={logId} hidden={!logOpen}>
          {logOpen && <WebhookDeliveries webhookId={webhook.id} url={webhook.url} refreshKey={logKey} />}
        </div>
      </div>
    </article>
  );
}
