import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { FormattedDate } from '../../components/formatted-date.js';
import type { MailMessageDetail } from './mailbox-api.js';

type Address = MailMessageDetail['to'][number];

const show = (a: Address) => (a.name ? `${a.name} <${a.address}>` : a.address);

/** From, to, cc, reply-to and date, as text (names and addresses are the sender's words, never markup). */
export function MessageHeaders({ message: m }: { message: MailMessageDetail }) {
  const { t } = useI18n();
  const rows: [MessageKey, Address[]][] = [
    ['mailbox.to', m.to],
    ['mailbox.cc', m.cc],
    ['mailbox.replyTo', m.replyTo],
  ];
  return (
    <dl className="mail-headers" data-testid="mail-headers">
      <div>
        <dt>{t('mailbox.from')}</dt>
        <dd data-testid="mail-header-from">{m.from ? show(m.from) : t('mailbox.unknownSender')}</dd>
      </div>
      {rows
        .filter(([, list]) => list.length > 0)
        .map(([key, list]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{list.map(show).join(', ')}</dd>
          </div>
        ))}
      <div>
        <dt>{t('mailbox.date')}</dt>
        <dd>
          <FormattedDate value={m.date} />
        </dd>
      </div>
    </dl>
  );
}
