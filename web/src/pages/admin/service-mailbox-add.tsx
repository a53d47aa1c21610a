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

const FIELDS = ['email'];

/** "Add service mailbox": POST /accounts {email, sendingMethod: graph_app}; a personal address gets its diagnosis under the field. */
export function ServiceMailboxAdd({ onAdded }: { onAdded: (a: AccountView) => Promise<void> }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [problems, setProblems] = useState<FieldProblems>({});
  const { busy, error, setError, submit } = useSubmit(spreadProblems(FIELDS, setProblems));
  const [added, setAdded] = useState<string | null>(null);

  const ready = () => {
    setError(null);
    setAdded(null);
    const found: FieldProblems = EmailAddress.safeParse(email.trim()).success ? {} : { email: t('test.recipientInvalid') };
    setProblems(found);
    return Object.keys(found).length === 0;
  };
  const add = submit(async () => {
    const created = await accountsApi.create({ email: email.trim(), sendingMethod: 'graph_app' });
    setEmail('');
    setAdded(created.email);
    await onAdded(created);
  }, ready);

  return (
    <form onSubmit={add} className="stack" noValidate aria-labelledby="service-mailbox-add-title" data-testid="service-mailbox-add">
      <h4 id="service-mailbox-add-title">{t('admin.appOnly.mailboxes.add')}</h4>
      <Field id="service-mailbox-email" label={t('admin.appOnly.mailboxes.email')} info={t('admin.appOnly.mailboxes.emailInfo')} error={problems.email}>
        {(p) => <input {...p} type="email" spellCheck={false} autoComplete="off" placeholder="noreply@contoso.com" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="service-mailbox-email" />}
      </Field>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="service-mailbox-add-submit">{t('admin.appOnly.mailboxes.add')}</button>
        {added && <span className="success-text" role="status" data-testid="service-mailbox-added">{t('admin.appOnly.mailboxes.added', { email: added })}</span>}
      </div>
      <ErrorNotice error={error} testId="service-mailbox-add-error" />
    </form>
  );
}
