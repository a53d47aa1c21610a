import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { adminApi } from '../../api/admin-api.js';
import type { MicrosoftAppView } from '../../api/contract-types.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { spreadProblems } from '../../forms/spread-problems.js';
import { useSubmit } from '../../forms/use-submit.js';
import type { FieldProblems } from '../../forms/field-problem.js';

const FIELDS = ['appOnly.tenant'];

/**
 * App-only sending on or off, with its tenant (PUT /microsoft-app `{clientId, appOnly}`: the
 * fields it leaves out — secret, certificate, delegated tenant, expiry — stay as they are). A
 * tenant naming no single organisation is refused with app_only_tenant_required, under the field.
 */
export function AppOnlyForm({ app, onSaved }: { app: MicrosoftAppView; onSaved: (a: MicrosoftAppView) => void }) {
  const { t } = useI18n();
  const [enabled, setEnabled] = useState(app.appOnly?.enabled ?? false);
  const [tenant, setTenant] = useState(app.appOnly?.tenant ?? '');
  const [problems, setProblems] = useState<FieldProblems>({});
  const { busy, error, setError, submit } = useSubmit(spreadProblems(FIELDS, setProblems));
  const [saved, setSaved] = useState(false);

  const ready = () => {
    setError(null);
    const found: FieldProblems = enabled && !tenant.trim() ? { 'appOnly.tenant': t('admin.appOnly.tenantRequired') } : {};
    setProblems(found);
    return Object.keys(found).length === 0;
  };
  const save = submit(async () => {
    const typed = tenant.trim();
    // null turns it off; the server keeps the saved tenant, to show it again.
    const result = await adminApi.putMicrosoftApp({ clientId: app.clientId, appOnly: enabled ? { enabled: true, tenant: typed } : null });
    onSaved(result);
    setEnabled(result.appOnly?.enabled ?? false);
    setTenant(result.appOnly?.tenant ?? typed);
    setSaved(true);
  }, ready);

  const state = app.appOnly?.enabled ? t('admin.appOnly.stateOn', { tenant: app.appOnly.tenant }) : t('admin.appOnly.stateOff');
  return (
    <form onSubmit={save} className="stack" noValidate aria-labelledby="app-only-settings-title" data-testid="app-only-form" data-enabled={String(app.appOnly?.enabled ?? false)}>
      <h3 id="app-only-settings-title">{t('admin.appOnly.settingsTitle')}</h3>
      <p className={app.appOnly?.enabled ? 'success-text' : 'muted'} data-testid="app-only-state">{state}</p>
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => { setEnabled(e.target.checked); setSaved(false); }} data-testid="app-only-enabled" />
        {t('admin.appOnly.enabled')}
      </label>
      <Field id="app-only-tenant" label={t('admin.appOnly.tenant')} info={t('admin.appOnly.tenantInfo')} error={problems['appOnly.tenant']}
        hint={t('admin.appOnly.tenantHint', { tenant: app.tenant })}>
        {(p) => <input {...p} spellCheck={false} autoComplete="off" placeholder={t('admin.appOnly.tenantPlaceholder')} value={tenant} onChange={(e) => { setTenant(e.target.value); setSaved(false); }} data-testid="app-only-tenant" />}
      </Field>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="app-only-save">{t('common.save')}</button>
        {saved && <span className="success-text" role="status" data-testid="app-only-saved">{t('account.saved')}</span>}
      </div>
      <ErrorNotice error={error} testId="app-only-error" />
    </form>
  );
}
