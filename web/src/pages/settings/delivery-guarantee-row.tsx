import { useI18n } from '../../i18n/i18n-context.js';
import { InfoTip } from '../../components/info-tip.js';
import type { DeliveryGuarantee, SendingMethod } from '../../api/contract-types.js';

/**
 * How the outbox sends for this account: exactly once (through a Graph draft, with
 * Mail.ReadWrite), or at least once, and then how to get exactly-once (SMTP never can: Graph can).
 */
export function DeliveryGuaranteeRow({ guarantee, method }: { guarantee: DeliveryGuarantee; method: SendingMethod }) {
  const { t } = useI18n();
  const label = t('guarantee.label');
  const exactly = guarantee === 'exactly_once';
  return (
    <div className="field" role="group" aria-labelledby="guarantee-label" data-testid="delivery-guarantee" data-guarantee={guarantee}>
      <div className="field-label">
        <span id="guarantee-label">{label}</span>
        <InfoTip label={label} text={t('guarantee.info')} />
      </div>
      <div className="field-control">
        <span className={exactly ? 'status linked' : 'status warning'} data-testid="delivery-guarantee-value">
          {exactly ? t('guarantee.exactlyOnce') : t('guarantee.atLeastOnce')}
        </span>
        <p className="hint" data-testid="delivery-guarantee-text">
          {exactly ? t('guarantee.exactlyOnceText') : method === 'smtp_imap' ? t('guarantee.atLeastOnceSmtpText') : t('guarantee.atLeastOnceText')}
        </p>
      </div>
    </div>
  );
}
