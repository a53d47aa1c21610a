import { useI18n } from '../../i18n/i18n-context.js';
import { outboxApi } from '../../api/outbox-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { OutboxView } from '../outbox/outbox-view.js';
import { useOutbox } from '../outbox/use-outbox.js';
import { useAccountEmails } from './use-account-emails.js';

/** Every account's outgoing messages, newest first, with the account's address. */
export function OutboxPanel({ accounts }: { accounts: AccountView[] }) {
  const { t } = useI18n();
  const outbox = useOutbox(outboxApi.listAll, true);
  const accountOf = useAccountEmails(accounts, outbox.list.items.map((m) => m.accountId));
  return (
    <section aria-labelledby="admin-outbox-title" className="stack">
      <h2 id="admin-outbox-title">{t('admin.outbox.title')}</h2>
      <p className="muted">{t('admin.outbox.intro')}</p>
      <OutboxView outbox={outbox} accountOf={accountOf} testId="admin-outbox" />
    </section>
  );
}
