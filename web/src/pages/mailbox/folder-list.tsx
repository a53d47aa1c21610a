import { useI18n } from '../../i18n/i18n-context.js';
import type { MailFolder } from './mailbox-api.js';
import { folderName } from './folder-order.js';

interface Props {
  folders: MailFolder[];
  selected: string | undefined;
  onSelect: (id: string) => void;
}

/** The account's folders, role folders first, each with its unread count. */
export function FolderList({ folders, selected, onSelect }: Props) {
  const { t } = useI18n();
  return (
    <nav className="mail-folders" aria-label={t('mailbox.folders')} data-testid="mail-folders">
      <h2 className="visually-hidden">{t('mailbox.folders')}</h2>
      {folders.length === 0 ? (
        <p className="muted small" data-testid="mail-folders-empty">{t('mailbox.noFolders')}</p>
      ) : (
        <ul>
          {folders.map((f) => (
            <li key={f.id}>
              <button
                type="button"
                className="mail-folder"
                aria-current={f.id === selected ? 'true' : undefined}
                onClick={() => onSelect(f.id)}
                data-testid="mail-folder"
                data-role={f.role ?? ''}
                data-folder-id={f.id}
              >
                <span className="mail-folder-name">{folderName(t, f)}</span>
                {f.unread > 0 && (
                  <span className="mail-count" data-testid="mail-folder-unread">
                    <span aria-hidden="true">{f.unread}</span>
                    <span className="visually-hidden">{t('mailbox.unreadCount', { count: f.unread })}</span>
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
