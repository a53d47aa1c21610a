import { methodPermissions, SendingMethod } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { methodLabel } from '../../i18n/sending-method-keys.js';

/** Where each method's permissions are found in the portal, and what else it needs. */
const whereText: Record<SendingMethod, MessageKey> = {
  graph: 'guide.permissions.graph',
  smtp_imap: 'guide.permissions.smtpImap',
  graph_app: 'guide.permissions.graphApp',
};

/**
 * The delegated permissions of each sending method, from the contract (the same list the server
 * asks for when linking): Graph's, and NocoBase's list for SMTP + IMAP.
 */
export function MethodPermissions() {
  const { t } = useI18n();
  return (
    <div className="stack">
      {SendingMethod.options.map((method) => {
        const name = t(methodLabel[method]);
        return (
          <section key={method} aria-labelledby={`guide-permissions-${method}`} data-testid={`guide-permissions-${method}`}>
            <h3 id={`guide-permissions-${method}`}>{name}</h3>
            <p>{t(whereText[method])}</p>
            <ul className="scopes" aria-label={t('guide.scopesLabel', { method: name })}>
              {methodPermissions[method].map((s) => <li key={s}><code>{s}</code></li>)}
            </ul>
            {method === 'graph' && <p className="hint" data-testid="guide-permissions-shared">{t('guide.permissions.graphShared')}</p>}
          </section>
        );
      })}
    </div>
  );
}
