import { useI18n } from '../../i18n/i18n-context.js';

/** The relay is not listening on this server: which variables turn it on (read by the server's config at start). */
export function RelayOffNotice() {
  const { t } = useI18n();
  return (
    <div className="notice warning" data-testid="relay-off">
      <p className="notice-title">{t('relay.offTitle')}</p>
      <p>{t('relay.offText')}</p>
      <ul>
        <li><code>MAILBRIDGE_RELAY_PORT</code>: {t('relay.offPort')}</li>
        <li><code>MAILBRIDGE_RELAY_TLS_PORT</code>: {t('relay.offTlsPort')}</li>
      </ul>
    </div>
  );
}
