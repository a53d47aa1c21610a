import { useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSubmit } from '../../forms/use-submit.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { mailboxApi, type MailMessageDetail } from './mailbox-api.js';
import type { ComposeMode } from './message-actions.js';

interface Props {
  accountId: string;
  message: MailMessageDetail;
  mode: ComposeMode;
  onSent: (said: string) => void;
  onCancel: () => void;
}

const TITLE = { reply: 'mailbox.compose.replyTitle', replyAll: 'mailbox.compose.replyAllTitle', forward: 'mailbox.compose.forwardTitle' } as const;

/** Addresses typed in one box, split on commas, semicolons and spaces. */
const addresses = (s: string) => s.split(/[\s,;]+/).filter(Boolean);

/**
 * A short reply, reply to all, or forward, in plain text: the server adds the quoted original,
 * `Re:`/`Fwd:` and the thread headers, and queues it in the outbox like any message.
 */
export function ComposeForm({ accountId, message, mode, onSent, onCancel }: Props) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [toMissing, setToMissing] = useState(false);
  const base = useId();
  const sender = message.from ? message.from.name || message.from.address : t('mailbox.unknownSender');

  const send = async () => {
    if (mode === 'forward') {
      const list = addresses(to);
      await mailboxApi.forward(accountId, message.id, { to: list.length === 1 ? list[0]! : list, text });
    } else {
      await mailboxApi.reply(accountId, message.id, { ...(mode === 'replyAll' ? { all: true } : {}), text });
    }
    onSent(t('mailbox.compose.queued'));
  };
  const ready = () => {
    const missing = mode === 'forward' && addresses(to).length === 0;
    setToMissing(missing);
    return !missing;
  };

  return (
    <form className="mail-compose stack" onSubmit={submit(send, ready)} aria-labelledby={`${base}-title`} data-testid="mail-compose" noValidate>
      <h3 id={`${base}-title`}>{t(TITLE[mode], { name: sender })}</h3>
      {mode === 'forward' && (
        <div className="stack-tight">
          <label htmlFor={`${base}-to`}>{t('mailbox.compose.to')}</label>
          <input
            id={`${base}-to`}
            type="text"
            inputMode="email"
            autoComplete="email"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-describedby={`${base}-to-hint${toMissing ? ` ${base}-to-error` : ''}`}
            aria-invalid={toMissing || undefined}
            data-testid="mail-compose-to"
          />
          <p className="hint" id={`${base}-to-hint`}>{t('mailbox.compose.toHint')}</p>
          {toMissing && <p className="error-text" id={`${base}-to-error`} data-testid="mail-compose-to-error">{t('mailbox.compose.toMissing')}</p>}
        </div>
      )}
      <div className="stack-tight">
        <label htmlFor={`${base}-text`}>{t('mailbox.compose.text')}</label>
        <textarea id={`${base}-text`} rows={6} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${base}-text-hint`} data-testid="mail-compose-text" />
        <p className="hint" id={`${base}-text-hint`}>{t('mailbox.compose.quoteHint')}</p>
      </div>
      <ErrorNotice error={error} testId="mail-compose-error" />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy} data-testid="mail-compose-send">{t('mailbox.compose.send')}</button>
        <button type="button" className="button" onClick={onCancel} data-testid="mail-compose-cancel">{t('common.cancel')}</button>
      </div>
    </form>
  );
}
