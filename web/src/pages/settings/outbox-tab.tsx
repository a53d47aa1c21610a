import { useCallback } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { outboxApi, type OutboxParams } from '../../api/outbox-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { OutboxView } from '../outbox/outbox-view.js';
import { useOutbox } from '../outbox/use-outbox.js';

/** The account's outgoing messages, with cancel and retry; read while the tab is open. */
export function OutboxTab({ account, shown }: { account: AccountView | undefined; shown: boolean }) {
  const { t } = useI18n();
  if (!account) return <p className="muted" data-testid="outbox-no-account">{t('outbox.noAccount')}</p>;
  return (
    <div className="stack">
      <p className="muted">{t('outbox.intro')}</p>
      <AccountOutbox accountId={account.id} shown={shown} />
    </div>
  );
}

function AccountOutbox({ accountId, shown }: { accountId: string; shown: boolean }) {
  const listPage = useCallback((params: OutboxParams) => outboxApi.listForAccount(accountId, params), [accountId]);
  const outbox = useOutbox(listPage, shown);
  return <OutboxView outbox={outbox} testId="outbox" />;
}
