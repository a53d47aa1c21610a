import { useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSubmit } from '../../forms/use-submit.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { mailboxApi, type MailFolder, type MailMessageDetail, type MailMessageSummary } from './mailbox-api.js';
import { folderName } from './folder-order.js';

export type ComposeMode = 'reply' | 'replyAll' | 'forward';

interface Props {
  accountId: string;
  message: MailMessageDetail;
  folders: MailFolder[];
  /**
   * After a change written to the mailbox: the message's new flags, or null when it left this
   * folder (moved, deleted), and the sentence that says so (shown by the caller, which outlives
   * this view when the message goes).
   */
  onChanged: (change: Partial<MailMessageSummary> | null, said: string) => void;
  onCompose: (mode: ComposeMode) => void;
}

/** Reply, reply all, forward; read/unread, flag, move and delete, each saying what it did or what went wrong. */
export function MessageActions({ accountId, message, folders, onChanged, onCompose }: Props) {
  const { t } = useI18n();
  const { busy, error, run } = useSubmit();
  const moveId = useId();
  const trashHintId = useId();
  const targets = folders.filter((f) => f.id !== message.folderId);
  const [target, setTarget] = useState('');

  const act = (work: () => Promise<unknown>, change: Partial<MailMessageSummary> | null, said: string) =>
    void run(async () => {
      await work();
      onChanged(change, said);
    });

  const toggleRead = () =>
    act(() => mailboxApi.update(accountId, message.id, { unread: !message.unread }), { unread: !message.unread }, message.unread ? t('mailbox.done.read') : t('mailbox.done.unread'));
  const toggleFlag = () =>
    act(() => mailboxApi.update(accountId, message.id, { flagged: !message.flagged }), { flagged: !message.flagged }, message.flagged ? t('mailbox.done.unflagged') : t('mailbox.done.flagged'));
  const move = () => {
    const folder = folders.find((f) => f.id === target);
    if (folder) act(() => mailboxApi.update(accountId, message.id, { folderId: folder.id }), null, t('mailbox.done.moved', { folder: folderName(t, folder) }));
  };
  // Mailbridge never deletes for good: a message already in the trash has nowhere to go, so Delete
  // is off there (said why) rather than answering "Moved to Deleted Items." for a move that never was.
  const here = folders.find((f) => f.id === message.folderId);
  const inTrash = here?.role === 'trash';
  const trash = inTrash ? here : folders.find((f) => f.role === 'trash');
  const alreadyInTrash = trash ? t('mailbox.alreadyInTrash', { folder: folderName(t, trash) }) : '';
  const remove = () => {
    if (inTrash) return;
    act(() => mailboxApi.remove(accountId, message.id), null, trash ? t('mailbox.done.moved', { folder: folderName(t, trash) }) : t('mailbox.done.deleted'));
  };

  return (
    <div className="mail-actions stack">
      <div className="row-actions" role="group" aria-label={t('mailbox.actions')}>
        <button type="button" className="button small" onClick={() => onCompose('reply')} data-testid="mail-reply">{t('mailbox.reply')}</button>
        <button type="button" className="button small" onClick={() => onCompose('replyAll')} data-testid="mail-reply-all">{t('mailbox.replyAll')}</button>
        <button type="button" className="button small" onClick={() => onCompose('forward')} data-testid="mail-forward">{t('mailbox.forward')}</button>
        <button type="button" className="button small" disabled={busy} onClick={toggleRead} data-testid="mail-toggle-read">
          {message.unread ? t('mailbox.markRead') : t('mailbox.markUnread')}
        </button>
        <button type="button" className="button small" disabled={busy} onClick={toggleFlag} data-testid="mail-toggle-flag">
          {message.flagged ? t('mailbox.unflag') : t('mailbox.flag')}
        </button>
        <button
          type="button"
          className="button small danger"
          disabled={busy || inTrash}
          title={inTrash ? alreadyInTrash : undefined}
          aria-describedby={inTrash ? trashHintId : undefined}
          onClick={remove}
          data-testid="mail-delete"
        >
          {t('mailbox.delete')}
        </button>
      </div>
      {inTrash && <p className="hint" id={trashHintId} data-testid="mail-delete-hint">{alreadyInTrash}</p>}
      {targets.length > 0 && (
        <div className="inline mail-move">
          <label htmlFor={moveId}>{t('mailbox.moveTo')}</label>
          <select id={moveId} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="mail-move-target">
            <option value="">{t('mailbox.chooseFolder')}</option>
            {targets.map((f) => (
              <option key={f.id} value={f.id}>{folderName(t, f)}</option>
            ))}
          </select>
          <button type="button" className="button small" disabled={busy || !target} onClick={move} data-testid="mail-move">{t('mailbox.move')}</button>
        </div>
      )}
      <ErrorNotice error={error} testId="mail-action-error" />
    </div>
  );
}
