import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ShowMoreButton } from '../admin/show-more-button.js';
import type { MailFolder, MailMessageSummary } from './mailbox-api.js';
import { folderNameById } from './folder-order.js';
import type { MessageList as List } from './use-message-list.js';
import { ShortDate } from './short-date.js';

interface Props {
  list: List;
  /** What the list shows, for its accessible name ("Messages in Inbox", or the search). */
  label: string;
  /** A search runs across every folder: each result then names its folder (as the sidebar does). */
  searching: boolean;
  folders: readonly MailFolder[];
  selected: string | undefined;
  onOpen: (id: string) => void;
}

export const messageButtonId = (id: string) => `mail-item-${id}`;

/** The messages, newest first: each one a button (Tab to it, Enter opens it), unread ones bold. */
export function MessageList({ list, label, searching, folders, selected, onOpen }: Props) {
  const { t } = useI18n();
  return (
    <section className="mail-list" aria-label={label} data-testid="mail-list">
      <ErrorNotice error={list.error} testId="mail-list-error" />
      {list.items === undefined ? (
        <p className="muted" role="status">{t('common.loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted" data-testid="mail-list-empty">{searching ? t('mailbox.noResults') : t('mailbox.empty')}</p>
      ) : (
        <ul className="mail-items">
          {list.items.map((m) => (
            <li key={m.id}>
              <MessageItem message={m} folder={searching ? folderNameById(t, folders, m.folderId) : ''} selected={m.id === selected} onOpen={onOpen} />
            </li>
          ))}
        </ul>
      )}
      <ShowMoreButton nextCursor={list.nextCursor} loadMore={list.loadMore} label={t('mailbox.loadMore')} testId="mail-load-more" />
    </section>
  );
}

function MessageItem({ message: m, folder, selected, onOpen }: { message: MailMessageSummary; folder: string; selected: boolean; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const from = m.from ? m.from.name || m.from.address : t('mailbox.unknownSender');
  return (
    <button
      type="button"
      id={messageButtonId(m.id)}
      className={`mail-item${m.unread ? ' unread' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onOpen(m.id)}
      data-testid="mail-item"
      data-message-id={m.id}
      data-unread={m.unread}
    >
      <span className="mail-item-head">
        <span className="mail-from">
          {m.unread && <span className="visually-hidden">{t('mailbox.unread')}: </span>}
          {from}
        </span>
        <span className="mail-marks">
          {m.flagged && <span className="mail-flag" role="img" aria-label={t('mailbox.flagged')} data-testid="mail-item-flag">⚑</span>}
          {m.hasAttachments && <span role="img" aria-label={t('mailbox.hasAttachments')}>📎</span>}
          <ShortDate value={m.date} />
        </span>
      </span>
      <span className="mail-subject">{m.subject || t('mailbox.noSubject')}</span>
      {m.snippet && <span className="mail-snippet">{m.snippet}</span>}
      {folder && (
        <span className="mail-item-folder" data-testid="mail-item-folder">
          <span className="visually-hidden">{t('mailbox.folderLabel')} </span>
          {folder}
        </span>
      )}
    </button>
  );
}
