import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { WebhookView } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import type { WebhookActionState } from './use-webhook-actions.js';
import { WebhookDeleteDialog } from './webhook-delete-dialog.js';

const doneKey = { tested: 'webhooks.testSent', enabled: 'webhooks.enabledNow', disabled: 'webhooks.disabledNow' } as const;

/** Send test event, rotate the secret, disable or enable, delete (after a confirmation). */
export function WebhookActions({ webhook, actions }: { webhook: WebhookView; actions: WebhookActionState }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const named = { url: webhook.url };
  return (
    <div className="stack">
      <div className="row-actions" role="group" aria-label={t('webhooks.actionsOf', named)}>
        <button type="button" className="button small" disabled={actions.busy || !webhook.enabled} onClick={actions.sendTest} data-testid="webhook-test">
          {t('webhooks.sendTest')}
        </button>
        <button type="button" className="button small" disabled={actions.busy} onClick={actions.rotate} data-testid="webhook-rotate">
          {t('webhooks.rotate')}
        </button>
        <button type="button" className="button small" disabled={actions.busy} onClick={() => actions.setEnabled(!webhook.enabled)} data-testid="webhook-toggle-enabled">
          {webhook.enabled ? t('webhooks.disable') : t('webhooks.enable')}
        </button>
        <button type="button" className="button small danger" disabled={actions.busy} onClick={() => setConfirming(true)} data-testid="webhook-delete">
          {t('webhooks.delete')}
        </button>
      </div>
      <p className="success-text" role="status" data-testid="webhook-action-done">{actions.done ? t(doneKey[actions.done]) : ''}</p>
      <ErrorNotice error={actions.error} testId="webhook-action-error" />
      {confirming && (
        <WebhookDeleteDialog
          url={webhook.url}
          busy={actions.busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void actions.remove().then((ok) => { if (!ok) setConfirming(false); })}
        />
      )}
    </div>
  );
}
