import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageView } from '../../api/contract-types.js';
import { OutboxRow } from './outbox-row.js';

interface Props {
  items: MessageView[];
  /** Given in the admin area: adds an Account column. */
  accountOf?: (accountId: string) => string;
  onChanged: () => Promise<void>;
  testId: string;
}

/** Outgoing messages, newest first, in a table with headers. */
export function OutboxTable({ items, accountOf, onChanged, testId }: Props) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <caption className="visually-hidden">{t('outbox.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('outbox.created')}</th>
            <th scope="col">{t('outbox.message')}</th>
            {accountOf && <th scope="col">{t('outbox.account')}</th>}
            <th scope="col">{t('outbox.status')}</th>
            <th scope="col">{t('outbox.attempts')}</th>
            <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <OutboxRow key={m.id} message={m} account={accountOf?.(m.accountId)} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
