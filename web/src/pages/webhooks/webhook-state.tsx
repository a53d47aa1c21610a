import { useI18n } from '../../i18n/i18n-context.js';
import type { WebhookView } from '../../api/contract-types.js';

/** Enabled, disabled by its owner, or disabled by Mailbridge (every delivery failed for 24 hours: why, and Enable). */
export function WebhookState({ webhook, busy, onEnable }: { webhook: WebhookView; busy: boolean; onEnable: () => void }) {
  const { t } = useI18n();
  if (webhook.enabled) return <span className="status linked" data-testid="webhook-state" data-state="enabled">{t('webhooks.enabled')}</span>;
  if (!webhook.disabledReason) return <span className="status warning" data-testid="webhook-state" data-state="disabled">{t('webhooks.disabled')}</span>;
  return (
    <div className="notice warning" role="alert" data-testid="webhook-state" data-state="disabled-by-mailbridge">
      <p className="notice-title">{t('webhooks.disabledByMailbridge')}</p>
      <p data-testid="webhook-disabled-reason">{webhook.disabledReason}</p>
      <p>{t('webhooks.disabledFix')}</p>
      <button type="button" className="button primary small" disabled={busy} onClick={onEnable} data-testid="webhook-enable-again">{t('webhooks.enable')}</button>
    </div>
  );
}
