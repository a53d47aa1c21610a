import { useRef, useState } from 'react';
import { EmailAddress } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useSubmit } from '../../forms/use-submit.js';
import { formatFileSize, readAsBase64, TEST_ATTACHMENT_MAX_BYTES } from '../../forms/read-file.js';

/**
 * Recipient, an optional file, Send test email. The result says what is true: Microsoft
 * *accepted* the message for delivery (a 202), never that it was delivered. The file travels in
 * the JSON body, so it is refused here above 18 MB; larger files go through the API (multipart).
 */
export function TestEmailForm({ account }: { account: AccountView | undefined }) {
  const { t, locale } = useI18n();
  const [to, setTo] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const [sent, setSent] = useState<{ to: string; file: string | null } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { busy, error, submit } = useSubmit();
  const linked = account?.status === 'linked';

  const recipient = to.trim();
  const tooLarge = file !== null && file.size > TEST_ATTACHMENT_MAX_BYTES;
  const size = (bytes: number) => formatFileSize(bytes, locale);
  const fileError = tooLarge
    ? t('test.attachmentTooLarge', { name: file.name, size: size(file.size), max: size(TEST_ATTACHMENT_MAX_BYTES) })
    : unreadable
      ? t('test.attachmentUnreadable')
      : null;

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setUnreadable(false);
    setSent(null);
  };
  const removeFile = () => {
    choose(null);
    if (fileInput.current) {
      fileInput.current.value = '';
      fileInput.current.focus();
    }
  };

  const ready = () => {
    if (!account || !linked) return false;
    const valid = EmailAddress.safeParse(recipient).success;
    setInvalid(!valid);
    if (tooLarge) fileInput.current?.focus();
    return valid && !tooLarge;
  };
  const send = submit(async () => {
    setSent(null);
    let attachment;
    if (file) {
      try {
        attachment = { filename: file.name, contentType: file.type || 'application/octet-stream', contentBase64: await readAsBase64(file) };
      } catch {
        setUnreadable(true);
        return;
      }
    }
    await accountsApi.sendTest(account!.id, recipient, attachment);
    setSent({ to: recipient, file: file?.name ?? null });
  }, ready);

  return (
    <form onSubmit={send} className="test-email stack" noValidate aria-labelledby="test-email-title">
      <h3 id="test-email-title">{t('test.title')}</h3>
      {linked && <p className="hint">{t('test.ready')}</p>}
      <Field id="test-recipient" label={t('test.recipient')} info={t('test.recipientInfo')} error={invalid ? t('test.recipientInvalid') : null}>
        {(p) => <input {...p} type="email" autoComplete="email" placeholder={t('test.recipientPlaceholder')} value={to} onChange={(e) => setTo(e.target.value)} data-testid="test-recipient" />}
      </Field>
      <Field
        id="test-attachment"
        label={t('test.attachment')}
        info={t('test.attachmentInfo')}
        hint={file && !tooLarge ? <span data-testid="test-attachment-chosen">{t('test.attachmentChosen', { name: file.name, size: size(file.size) })}</span> : t('test.attachmentHint')}
        error={fileError}
      >
        {(p) => (
          <div className="inline">
            <input {...p} ref={fileInput} type="file" onChange={(e) => choose(e.target.files?.[0] ?? null)} disabled={busy} data-testid="test-attachment" />
            {file && (
              <button type="button" className="button small" onClick={removeFile} disabled={busy} data-testid="test-attachment-remove">
                {t('test.attachmentRemove')}
              </button>
            )}
          </div>
        )}
      </Field>
      <div className="actions">
        <button
          type="submit"
          className="button primary"
          disabled={!linked || busy}
          aria-describedby={linked ? undefined : 'test-disabled-reason'}
          data-testid="send-test"
        >
          {t('test.send')}
        </button>
      </div>
      {!linked && (
        <p className="hint" id="test-disabled-reason" data-testid="send-test-disabled-reason">
          {t('test.disabledReason')}
        </p>
      )}
      {sent && (
        <p className="success-text" role="status" data-testid="test-result">
          {sent.file ? t('test.acceptedWithAttachment', { to: sent.to, name: sent.file }) : t('test.accepted', { to: sent.to })}
        </p>
      )}
      <ErrorNotice error={error} testId="test-error" />
    </form>
  );
}
