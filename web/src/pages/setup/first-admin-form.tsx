import { useState } from 'react';
import { sessionApi } from '../../api/session-api.js';
import { isApiError } from '../../api/api-error.js';
import type { SessionView } from '../../api/contract-types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useSubmit } from '../../forms/use-submit.js';

/** Creates the first administrator with the one-time code the server printed in its log. */
export function FirstAdminForm({ initialCode, onCreated }: { initialCode: string; onCreated: (s: SessionView) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState(initialCode);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit();
  const tooShort = password.length > 0 && password.length < 10;
  const fields = isApiError(error) ? error.fieldErrors() : {};

  const create = submit(async () => {
    const body = { code: code.trim(), email: email.trim(), password, ...(name.trim() ? { name: name.trim() } : {}) };
    onCreated(await sessionApi.createFirstAdmin(body));
  }, () => !tooShort);

  return (
    <form onSubmit={create} className="stack" noValidate data-testid="first-admin-form">
      {!initialCode && (
        <Field id="setup-code" label={t('setup.code')} hint={t('setup.codeHint')} error={fields.code}>
          {(p) => <input {...p} required value={code} onChange={(e) => setCode(e.target.value)} data-testid="setup-code" autoComplete="off" />}
        </Field>
      )}
      <Field id="setup-email" label={t('setup.email')} error={fields.email}>
        {(p) => <input {...p} type="email" required autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="setup-email" />}
      </Field>
      <Field id="setup-name" label={t('setup.name')} error={fields.name}>
        {(p) => <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="setup-name" />}
      </Field>
      <Field id="setup-password" label={t('setup.password')} hint={t('password.rule')} error={tooShort ? t('password.tooShort') : fields.password}>
        {(p) => <input {...p} type="password" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="setup-password" />}
      </Field>
      {Object.keys(fields).length === 0 && <ErrorNotice error={error} testId="setup-error" />}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="setup-submit">{t('setup.submit')}</button>
      </div>
    </form>
  );
}
