import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { attachmentUrl, type MailFolder, type MailMessageSummary } from './mailbox-api.js';
import { useMessageDetail } from './use-message-detail.js';
import { MailFrame } from './mail-frame.js';
import { MessageActions, type ComposeMode } from './message-actions.js';
import { ComposeForm } from './compose-form.js';
import { MessageHeaders } from './message-headers.js';
import { ThreadList } from './thread-list.js';

interface Props {
  accountId: string;
  messageId: string;
  folders: MailFolder[];
  onChanged: (change: Partial<MailMessageSummary> | null, said: string) => void;
  onClose: () => void;
  /** Opens another message (one of the conversation). */
  onOpen: (id: string) => void;
}

/**
 * One message: headers, attachments, the body, and what can be done with it. Opening it does
 * not mark it read: the user does, with "Mark as read" (issue 11: reading leaves flags alone).
 * Mounted once per message (keyed by its id), so "Show images" holds for this message only.
 */
export function MessageView({ accountId, messageId, folders, onChanged, onClose, onOpen }: Props) {
  const { t, locale } = useI18n();
  const { detail, error, imagesAllowed, allowImages, setDetail } = useMessageDetail(accountId, messageId);
  const [compose, setCompose] = useState<ComposeMode | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = detail !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  if (!detail) {
    return (
      <article className="mail-view" data-testid="mail-view">
        <ErrorNotice error={error} testId="mail-view-error" />
        {!error && <p className="muted" role="status">{t('common.loading')}</p>}
      </article>
    );
  }
  return (
    <article className="mail-view stack" aria-labelledby="mail-view-subject" data-testid="mail-view" data-message-id={detail.id}>
      <div className="inline spread">
        <h2 id="mail-view-subject" ref={heading} tabIndex={-1} data-testid="mail-view-subject">{detail.subject || t('mailbox.noSubject')}</h2>
        <button type="button" className="button small ghost" onClick={onClose} data-testid="mail-view-close">{t('mailbox.close')}</button>
      </div>
      <MessageHeaders message={detail} />
      <MessageActions
        accountId={accountId}
        message={detail}
        folders={folders}
        onCompose={setCompose}
        onChanged={(change, said) => {
          if (change) setDetail(change);
          onChanged(change, said);
        }}
      />
      {compose && (
        <ComposeForm
          key={compose}
          accountId={accountId}
          message={detail}
          mode={compose}
          onCancel={() => setCompose(null)}
          onSent={(said) => {
            setCompose(null);
            onChanged({}, said);
          }}
        />
      )}
      {detail.attachments.length > 0 && (
        <section aria-label={t('mailbox.attachments')} data-testid="mail-attachments">
          <h3 className="small">{t('mailbox.attachments')}</h3>
          <ul className="mail-attachments">
            {detail.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentUrl(accountId, detail.id, a.id)} download={a.filename} data-testid="mail-attachment">{a.filename}</a>{' '}
                <span className="muted small">({formatSize(locale, a.size)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {detail.remoteImagesBlocked && !imagesAllowed && (
        <div className="notice warning inline spread" data-testid="mail-images-blocked">
          <span>{t('mailbox.imagesBlocked')}</span>
          <button type="button" className="button small" onClick={allowImages} data-testid="mail-show-images">{t('mailbox.showImages')}</button>
        </div>
      )}
      {detail.html !== null ? (
        <MailFrame accountId={accountId} messageId={detail.id} imagesAllowed={imagesAllowed} />
      ) : detail.text !== null && detail.text !== '' ? (
        <pre className="mail-text" data-testid="mail-text">{detail.text}</pre>
      ) : (
        <p className="muted" data-testid="mail-no-body">{t('mailbox.noBody')}</p>
      )}
      <ThreadList accountId={accountId} threadId={detail.threadId} currentId={detail.id} folders={folders} onOpen={onOpen} />
    </article>
  );
}

const KB = 1024;
const MB = 1024 * 1024;

/** An attachment's size: bytes under 1 KB ("17 bytes"), whole kB under 1 MB, then MB to one decimal. */
function formatSize(locale: string, bytes: number): string {
  if (bytes < KB) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  const kb = Math.round(bytes / KB);
  if (kb < KB) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(kb);
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / MB);
}
