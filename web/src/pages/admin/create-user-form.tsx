import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { adminApi } from '../../api/admin-api.js';
import { isApiError } from '../../api/api-error.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useSubmit } from '../../forms/use-submit.js';

/** Adds a user; the admin then hands them an invitation link. */
export function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const { busy, error, submit } = useSubmit();
  const fields = isApiError(error) ? error.fieldErrors() : {};

  const create = submit(async () => {
    await adminApi.createUser({ email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) });
    setEmail('');
    setName('');
    setRole('user');
    onCreated();
  });

  return (
    <form onSubmit={create} className="create-user" noValidate aria-labelledby="create-user-title" data-testid="create-user-form">
      <h3 id="create-user-title">{t('admin.users.create')}</h3>
      <div className="grid-3">
        <Field id="new-user-email" label={t('admin.users.email')} error={fields.email}>
          {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="new-user-email" />}
        </Field>
        <Field id="new-user-name" label={t('admin.users.name')} error={fields.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="new-user-name" />}
        </Field>
        <Field id="new-user-role" label={t('admin.users.role')}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as 'user' | 'admin')} data-testid="new-user-role">
              <option value="user">{t('admin.users.roleUser')}</option>
              <option value="admin">{t('admin.users.roleAdmin')}</option>
            </select>
          )}
        </Field>
      </div>
      {!fields.email && !fields.name && <ErrorNotice error={error} testId="create-user-error" />}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="create-user-submit">{t('admin.users.add')}</button>
      </div>
    </form>
  );
}
