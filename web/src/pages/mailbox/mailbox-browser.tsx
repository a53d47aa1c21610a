import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { mailboxApi, type MailFolder, type MailMessageSummary } from './mailbox-api.js';
import { folderName, sortFolders } from './folder-order.js';
import { FolderList } from './folder-list.js';
import { MessageList, messageButtonId } from './message-list.js';
import { MessageView } from './message-view.js';
import { useMessageList } from './use-message-list.js';

interface Props {
  accountId: string;
  /** Changes whenever the sync state moves on (progress, a new sync): folders and the list are read again. */
  syncTick: string;
}

/** Folders, the message list with search and paging, and the open message. */
export function MailboxBrowser({ accountId, syncTick }: Props) {
  const { t } = useI18n();
  const searchId = useId();
  const [folders, setFolders] = useState<MailFolder[] | undefined>(undefined);
  const [foldersError, setFoldersError] = useState<unknown>(null);
  const [folderId, setFolderId] = useState<string | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState('');

  const loadFolders = useCallback(async () => {
    try {
      setFolders(sortFolders((await mailboxApi.folders(accountId)).items));
      setFoldersError(null);
    } catch (e) {
      setFoldersError(e);
    }
  }, [accountId]);

  const list = useMessageList(accountId, { folder: q ? undefined : folderId, q: q || undefined });
  // On a new sync tick, the folders and the list's first page again (the list loads itself on a
  // change of folder or search; a ref keeps those changes from reading it twice).
  const refresh = useRef(list.refresh);
  refresh.current = list.refresh;
  const lastTick = useRef(syncTick);
  useEffect(() => {
    void loadFolders();
    if (lastTick.current !== syncTick) void refresh.current();
    lastTick.current = syncTick;
  }, [loadFolders, syncTick]);

  // The inbox (else the first folder) until the user picks one.
  const shownFolder = folderId ?? folders?.[0]?.id;
  useEffect(() => {
    if (folderId === undefined && folders?.[0]) setFolderId(folders[0].id);
  }, [folderId, folders]);

  const current = useMemo(() => folders?.find((f) => f.id === shownFolder), [folders, shownFolder]);
  const listLabel = q ? t('mailbox.resultsFor', { q }) : current ? t('mailbox.messagesIn', { folder: folderName(t, current) }) : t('mailbox.messages');

  const search = (e: FormEvent) => {
    e.preventDefault();
    setQ(typed.trim());
    setOpen(undefined);
  };
  const clearSearch = () => {
    setTyped('');
    setQ('');
  };
  const pickFolder = (id: string) => {
    setFolderId(id);
    clearSearch();
    setOpen(undefined);
    setNotice('');
  };
  const onChanged = (id: string) => (change: Partial<MailMessageSummary> | null, said: string) => {
    setNotice(said);
    list.patch(id, change);
    if (change === null) close(id);
    void loadFolders();
  };
  const close = (id: string) => {
    setOpen(undefined);
    // Back to where the user was in the list (or its heading when the message left it).
    window.setTimeout(() => (document.getElementById(messageButtonId(id)) ?? document.getElementById(`${searchId}-q`))?.focus(), 0);
  };

  return (
    <div className="mailbox-panes">
      <FolderList folders={folders ?? []} selected={q ? undefined : shownFolder} onSelect={pickFolder} />
      <div className="mail-middle stack">
        <ErrorNotice error={foldersError} testId="mail-folders-error" />
        <form role="search" className="inline mail-search" onSubmit={search}>
          <label htmlFor={`${searchId}-q`} className="visually-hidden">{t('mailbox.search')}</label>
          <input
            id={`${searchId}-q`}
            type="search"
            value={typed}
            maxLength={200}
            placeholder={t('mailbox.searchPlaceholder')}
            onChange={(e) => setTyped(e.target.value)}
            data-testid="mail-search"
          />
          <button type="submit" className="button small" data-testid="mail-search-submit">{t('mailbox.searchSubmit')}</button>
          {q && <button type="button" className="button small ghost" onClick={clearSearch} data-testid="mail-search-clear">{t('mailbox.clearSearch')}</button>}
        </form>
        <p className="success-text small" role="status" data-testid="mail-action-done">{notice}</p>
        <MessageList list={list} label={listLabel} searching={q !== ''} folders={folders ?? []} selected={open} onOpen={(id) => { setNotice(''); setOpen(id); }} />
      </div>
      <div className="mail-right">
        {open ? (
          <MessageView key={open} accountId={accountId} messageId={open} folders={folders ?? []} onChanged={onChanged(open)} onClose={() => close(open)} onOpen={(id) => { setNotice(''); setOpen(id); }} />
        ) : (
          <p className="muted mail-placeholder" data-testid="mail-view-none">{t('mailbox.selectMessage')}</p>
        )}
      </div>
    </div>
  );
}
