import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { mailboxApi, type MailFolder, type MailMessageSummary } from './mailbox-api.js';
import { ShortDate } from './short-date.js';
import { folderNameById } from './folder-order.js';

interface Props {
  accountId: string;
  threadId: string;
  currentId: string;
  folders: MailFolder[];
  onOpen: (id: string) => void;
}

/** How many messages of a conversation are shown; a longer one shows its newest. */
const SHOWN = 50;

/**
 * The other messages of the open message's conversation, in every folder (the replies in the
 * inbox, the user's own in Sent), newest first, each with its folder named as the sidebar names
 * it; nothing when it is alone. Each opens in place.
 */
export function ThreadList({ accountId, threadId, currentId, folders, onOpen }: Props) {
  const { t } = useI18n();
  const [items, setItems] = useState<MailMessageSummary[]>([]);
  useEffect(() => {
    let live = true;
    mailboxApi.messages(accountId, { thread: threadId }, null, SHOWN).then(
      (page) => live && setItems(page.items),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, [accountId, threadId]);
  if (items.length < 2) return null;
  return (
    <section aria-labelledby="mail-thread-title" data-testid="mail-thread">
      <h3 id="mail-thread-title" className="small">{t('mailbox.conversation', { count: items.length })}</h3>
      <ol className="mail-thread">
        {items.map((m) => {
          const label = `${m.subject || t('mailbox.noSubject')} — ${m.from?.name || m.from?.address || ''}`;
          const folder = folderNameById(t, folders, m.folderId);
          return (
            <li key={m.id} data-testid="mail-thread-item" aria-current={m.id === currentId ? 'true' : undefined}>
              {m.id === currentId ? (
                <span className="mail-thread-current">{label}</span>
              ) : (
                <button type="button" className="button small ghost" onClick={() => onOpen(m.id)}>{label}</button>
              )}{' '}
              <span className="muted small">
                {folder && <span data-testid="mail-thread-folder">{folder}</span>}
                {folder && ' · '}
                <ShortDate value={m.date} />
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
