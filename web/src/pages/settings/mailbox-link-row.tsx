import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../router/router.js';
import type { AccountView } from '../../api/contract-types.js';

/** Where the account's mail can be read: a link to the mailbox page, opened on this account. */
export function MailboxLinkRow({ account }: { account: AccountView }) {
  const { t } = useI18n();
  return (
    <div className="field" role="group" aria-labelledby="mailbox-link-label" data-testid="mailbox-link-row">
      <div className="field-label">
        <span id="mailbox-link-label">{t('account.mailbox')}</span>
      </div>
      <div className="field-control">
        <Link to={`/mailbox?account=${encodeURIComponent(account.id)}`} className="button" aria-describedby="mailbox-link-hint" data-testid="open-mailbox">
          {t('account.openMailbox')}
        </Link>
        <p className="hint" id="mailbox-link-hint">{t('account.openMailboxHint')}</p>
      </div>
    </div>
  );
}
