import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { CopyButton } from '../../components/copy-button.js';
import { FormattedDate } from '../../components/formatted-date.js';

export interface ShownSecret {
  webhookId: string;
  secret: string;
  kind: 'created' | 'rotated';
  /** After a rotation: until when the previous secret keeps signing too. */
  previousUntil: string | null;
}

/**
 * A signing secret, shown this once: copy it now. Takes the focus when it appears so keyboard and
 * screen-reader users land on it; Dismiss hides it for good.
 */
export function WebhookSecretBox({ shown, onDismiss }: { shown: ShownSecret; onDismiss: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [shown.secret]);
  return (
    <div ref={ref} tabIndex={-1} className="notice success" role="status" aria-labelledby={`secret-title-${shown.webhookId}`} data-testid="webhook-secret" data-kind={shown.kind}>
      <p className="notice-title" id={`secret-title-${shown.webhookId}`}>{shown.kind === 'created' ? t('webhooks.secretCreatedTitle') : t('webhooks.secretRotatedTitle')}</p>
      <p><strong>{t('webhooks.secretOnce')}</strong></p>
      <div className="inline">
        <code className="uri" data-testid="webhook-secret-value">{shown.secret}</code>
        <CopyButton value={shown.secret} label={t('webhooks.copySecret')} testId="webhook-secret-copy" />
      </div>
      {shown.kind === 'rotated' && shown.previousUntil && (
        <p data-testid="webhook-secret-previous">
          {t('webhooks.previousSecretUntil')} <FormattedDate value={shown.previousUntil} />
        </p>
      )}
      <p className="hint">{t('webhooks.secretHowTo')}</p>
      <div className="actions">
        <button type="button" className="button small" onClick={onDismiss} data-testid="webhook-secret-dismiss">{t('webhooks.secretStored')}</button>
      </div>
    </div>
  );
}
