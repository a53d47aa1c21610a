import { useState } from 'react';
import { EmailAddress } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useSubmit } from '../../forms/use-submit.js';

/**
 * Recipient + Send test email. The result says what is true: Microsoft *accepted* the message for
 * delivery (a 202), never that it was delivered.
 */
export function TestEmailForm({ account }: { account: AccountView | undefined }) {
  const { t } = useI18n();
  const [to, setTo] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, submit } = useSubmit();
  const linked = account?.status === 'linked';

  const recipient = to.trim();
  const ready = () => {
    if (!account || !linked) return false;
    const valid = EmailAddress.safeParse(recipient).success;
    setInvalid(!valid);
    return valid;
  };
  const send = submit(async () => {
    setSentTo(null);
    await accountsApi.sendTest(account!.id, recipient);
    setSentTo(recipient);
  }, ready);

  return (
    <form onSubmit={send} className="test-email" noValidate aria-labelledby="test-email-title">
      <h3 id="test-email-title">{t('test.title')}</h3>
      {linked && <p className="hint">{t('test.ready')}</p>}
      <Field id="test-recipient" label={t('test.recipient')} info={t('test.recipientInfo')} error={invalid ? t('test.recipientInvalid') : null}>
        {(p) => (
          <div className="inline">
            <input {...p} type="email" autoComplete="email" placeholder={t('test.recipientPlaceholder')} value={to} onChange={(e) => setTo(e.target.value)} data-testid="test-recipient" />
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
        )}
      </Field>
      {!linked && (
        <p className="hint" id="test-disabled-reason" data-testid="send-test-disabled-reason">
          {t('test.disabledReason')}
        </p>
      )}
      {sentTo && (
        <p className="success-text" role="status" data-testid="test-result">
          {t('test.accepted', { to: sentTo })}
        </p>
      )}
      <ErrorNotice error={error} testId="test-error" />
    </form>
  );
}
