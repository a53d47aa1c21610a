import { useId } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageView } from '../../api/contract-types.js';
import { FormattedDate } from '../../components/formatted-date.js';
import { MessageActions } from './message-actions.js';
import { MessageStatus } from './message-status.js';

interface Props {
  message: MessageView;
  /** The account's address, in the admin area's table across accounts. */
  account?: string;
  onChanged: () => Promise<void>;
}

/** One outgoing message: when, what, (whose,) where it is, tries, and what can be done. */
export function OutboxRow({ message: m, account, onChanged }: Props) {
  const { t } = useI18n();
  const nameId = useId();
  return (
    <tr data-testid="outbox-row" data-id={m.id} data-status={m.status}>
      <td><FormattedDate value={m.createdAt} /></td>
      <td id={nameId}>
        {/* Without a subject (the server may not keep it), the Message-ID names the message. */}
        {m.subject === undefined ? <code className="message-id">{m.internetMessageId}</code> : <div>{m.subject || t('outbox.noSubject')}</div>}
        <div className="muted small">{t('outbox.recipients', { count: m.recipientCount })}</div>
      </td>
      {account !== undefined && <td data-testid="outbox-account">{account}</td>}
      <td><MessageStatus message={m} /></td>
      <td>{m.attempts}</td>
      <td><MessageActions message={m} describedBy={nameId} onChanged={onChanged} /></td>
    </tr>
  );
}
