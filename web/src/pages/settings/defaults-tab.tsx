import { useState } from 'react';
import { EmailAddress } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { spreadProblems } from '../../forms/spread-problems.js';
import { useSubmit } from '../../forms/use-submit.js';
import type { FieldProblems } from '../../forms/field-problem.js';

const FIELDS = ['defaults.senderName', 'defaults.replyTo', 'defaults.signatureHtml', 'defaults.copyToSelf'] as const;

/** Default sending values: applied by the send API whenever the caller leaves them out. */
export function DefaultsTab({ account, onSaved }: { account: AccountView | undefined; onSaved: (a: AccountView) => void }) {
  const { t } = useI18n();
  const d = account?.defaults;
  const [senderName, setSenderName] = useState(d?.senderName ?? '');
  const [replyTo, setReplyTo] = useState(d?.replyTo ?? '');
  const [signature, setSignature] = useState(d?.signatureHtml ?? '');
  const [copyToSelf, setCopyToSelf] = useState(d?.copyToSelf ?? false);
  const [problems, setProblems] = useState<FieldProblems>({});
  const { busy, error, setError, submit } = useSubmit(spreadProblems(FIELDS, setProblems));
  const [saved, setSaved] = useState(false);

  if (!account) return <p className="hint" data-testid="defaults-need-account">{t('defaults.needAccount')}</p>;

  const ready = () => {
    setSaved(false);
    setError(null);
    const invalid = replyTo.trim() !== '' && !EmailAddress.safeParse(replyTo).success;
    setProblems(invalid ? { 'defaults.replyTo': t('defaults.replyToInvalid') } : {});
    return !invalid;
  };
  const save = submit(async () => {
    const defaults = {
      senderName: senderName.trim() || null,
      replyTo: replyTo.trim() || null,
      signatureHtml: signature.trim() ? signature : null,
      copyToSelf,
    };
    onSaved(await accountsApi.update(account.id, { defaults }));
    setSaved(true);
  }, ready);

  return (
    <form onSubmit={save} className="stack" noValidate aria-label={t('tabs.defaults')} data-testid="defaults-form">
      <Field id="defaults-sender-name" label={t('defaults.senderName')} info={t('defaults.senderNameInfo')} error={problems['defaults.senderName']}>
        {(p) => <input {...p} value={senderName} onChange={(e) => setSenderName(e.target.value)} data-testid="defaults-sender-name" />}
      </Field>
      <Field id="defaults-reply-to" label={t('defaults.replyTo')} info={t('defaults.replyToInfo')} error={problems['defaults.replyTo']}>
        {(p) => <input {...p} type="email" value={replyTo} onChange={(e) => setReplyTo(e.target.value)} data-testid="defaults-reply-to" />}
      </Field>
      <Field id="defaults-signature" label={t('defaults.signature')} info={t('defaults.signatureInfo')} error={problems['defaults.signatureHtml']}>
        {(p) => <textarea {...p} rows={6} spellCheck={false} value={signature} onChange={(e) => setSignature(e.target.value)} data-testid="defaults-signature" />}
      </Field>
      <div className="field">
        <div className="field-label" />
        <div className="field-control">
          <label className="checkbox">
            <input type="checkbox" checked={copyToSelf} onChange={(e) => setCopyToSelf(e.target.checked)} data-testid="defaults-copy-to-self" />
            {t('defaults.copyToSelf')}
          </label>
          <p className="hint">{t('defaults.copyToSelfInfo')}</p>
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="defaults-save">{t('common.save')}</button>
        {saved && <span className="success-text" role="status" data-testid="defaults-saved">{t('account.saved')}</span>}
      </div>
      <ErrorNotice error={error} testId="defaults-error" />
    </form>
  );
}
