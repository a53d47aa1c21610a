import { useI18n } from '../../i18n/i18n-context.js';
import type { AccountView, RelayInfo } from '../../api/contract-types.js';

/**
 * What an app or a printer needs to connect: host, ports (STARTTLS and implicit TLS), AUTH,
 * username, size limit, and which From addresses the relay accepts (the account's own and its
 * sendAs addresses, as issue 12 says the relay checks).
 */
export function RelayConnection({ info, account }: { info: RelayInfo; account: AccountView }) {
  const { t } = useI18n();
  const from = [account.email, ...account.sendAs];
  return (
    <div className="stack" data-testid="relay-connection">
      <h3 id="relay-connection-title">{t('relay.connectionTitle')}</h3>
      <dl className="webhook-facts" aria-labelledby="relay-connection-title">
        <dt>{t('relay.host')}</dt>
        <dd><code data-testid="relay-host">{info.host}</code></dd>
        {info.port !== null && (
          <>
            <dt>{t('relay.port')}</dt>
            <dd><code data-testid="relay-port">{info.port}</code> <span className="muted">{t('relay.portSecurity')}</span></dd>
          </>
        )}
        {info.tlsPort !== null && (
          <>
            <dt>{t('relay.tlsPort')}</dt>
            <dd><code data-testid="relay-tls-port">{info.tlsPort}</code> <span className="muted">{t('relay.tlsPortSecurity')}</span></dd>
          </>
        )}
        <dt>{t('relay.auth')}</dt>
        <dd>{t('relay.authValue')}</dd>
        <dt>{t('relay.username')}</dt>
        <dd>{t('relay.usernameValue')}</dd>
        <dt>{t('relay.maxSize')}</dt>
        <dd data-testid="relay-max-size">{t('relay.maxSizeValue', { size: info.maxSizeMb })}</dd>
      </dl>
      <p className="hint" data-testid="relay-from-help">
        {account.sendAs.length === 0 ? t('relay.fromOwn', { email: account.email }) : t('relay.fromOwnOrSendAs', { addresses: from.join(', ') })}
      </p>
    </div>
  );
}
