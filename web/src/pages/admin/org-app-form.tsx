import { useState } from 'react';
import { Guid } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';
import { adminApi } from '../../api/admin-api.js';
import type { MicrosoftAppView } from '../../api/contract-types.js';
import { Field } from '../../components/field.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { draftFromAccount, draftTenant, tenantPresets, type AccountDraft, type TenantChoice } from '../../forms/account-draft.js';
import { checkAccountDraft } from '../../forms/check-account-draft.js';
import { spreadProblems } from '../../forms/spread-problems.js';
import { useSubmit } from '../../forms/use-submit.js';
import type { FieldProblems } from '../../forms/field-problem.js';
import { TenantField } from '../settings/tenant-field.js';
import { RedirectUriRow } from '../settings/redirect-uri-row.js';

const FIELDS = ['clientId', 'clientSecret', 'tenant', 'clientSecretExpiresAt'];

function initial(app: MicrosoftAppView | null): AccountDraft {
  const d = draftFromAccount(undefined);
  if (!app) return d;
  const preset = (tenantPresets as readonly string[]).includes(app.tenant);
  return {
    ...d,
    clientId: app.clientId,
    tenantChoice: preset ? (app.tenant as TenantChoice) : 'specific',
    tenantCustom: preset ? '' : app.tenant,
    expiry: app.clientSecretExpiresAt?.slice(0, 10) ?? '',
  };
}

/** The organisation-wide Microsoft app, used by every account that has no app of its own. */
export function OrgAppForm({ app, onSaved }: { app: MicrosoftAppView | null; onSaved: (a: MicrosoftAppView) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [draft, setDraft] = useState(() => initial(app));
  const [problems, setProblems] = useState<FieldProblems>({});
  const { busy, error, setError, submit } = useSubmit(spreadProblems(FIELDS, setProblems));
  const [saved, setSaved] = useState(false);
  const change = (patch: Partial<AccountDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  };
  const instant = checkAccountDraft(draft, i18n, true);
  const shown: FieldProblems = { ...problems, ...(instant['app.clientSecret'] ? { clientSecret: instant['app.clientSecret'] } : {}) };

  const ready = () => {
    setError(null);
    const found: FieldProblems = {};
    if (!Guid.safeParse(draft.clientId).success) found.clientId = { code: 'client_id_invalid', ...i18n.diagnosis('client_id_invalid') };
    // A certificate-only app has no secret, and needs none.
    if (!app?.clientSecret.set && !app?.certificate && !draft.clientSecret.trim()) found.clientSecret = t('admin.app.secretRequired');
    if (instant['app.clientSecret']) found.clientSecret = instant['app.clientSecret'];
    setProblems(found);
    return Object.keys(found).length === 0;
  };
  const save = submit(async () => {
    const body = {
      clientId: draft.clientId.trim(),
      tenant: draftTenant(draft),
      clientSecretExpiresAt: draft.expiry ? `${draft.expiry}T00:00:00Z` : null,
      ...(draft.clientSecret.trim() ? { clientSecret: draft.clientSecret.trim() } : {}),
    };
    const result = await adminApi.putMicrosoftApp(body);
    onSaved(result);
    setDraft(initial(result));
    setSaved(true);
  }, ready);

  return (
    <form onSubmit={save} className="stack" noValidate aria-labelledby="org-app-title" data-testid="org-app-form">
      <h2 id="org-app-title">{t('admin.app.title')}</h2>
      <p className="muted">{t('admin.app.intro')}</p>
      <Field id="org-client-id" label={t('account.clientId')} info={t('account.clientIdInfo')} error={shown.clientId}>
        {(p) => <input {...p} spellCheck={false} autoComplete="off" value={draft.clientId} onChange={(e) => change({ clientId: e.target.value })} data-testid="org-client-id" />}
      </Field>
      <Field id="org-client-secret" label={t('account.clientSecret')} info={t('account.clientSecretInfo')} error={shown.clientSecret}
        hint={app?.clientSecret.set ? <span data-testid="org-secret-status">{t('account.secretSet', { last4: app.clientSecret.last4 ?? '' })}</span> : app?.certificate ? <span data-testid="org-secret-status">{t('cert.secretNone')}</span> : undefined}>
        {(p) => <input {...p} type="password" autoComplete="new-password" placeholder={app?.clientSecret.set ? t('account.secretKeep') : ''} value={draft.clientSecret} onChange={(e) => change({ clientSecret: e.target.value })} data-testid="org-client-secret" />}
      </Field>
      <TenantField draft={draft} onChange={change} error={shown.tenant} idPrefix="org" />
      <Field id="org-secret-expiry" label={t('account.expiry')} info={t('account.expiryInfo')} error={shown.clientSecretExpiresAt}>
        {(p) => <input {...p} type="date" value={draft.expiry} onChange={(e) => change({ expiry: e.target.value })} data-testid="org-secret-expiry" />}
      </Field>
      {app && <RedirectUriRow redirectUri={app.redirectUri} testId="org-redirect-uri" />}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="org-app-save">{t('common.save')}</button>
        {saved && <span className="success-text" role="status" data-testid="org-app-saved">{t('account.saved')}</span>}
      </div>
      <ErrorNotice error={error} testId="org-app-error" />
    </form>
  );
}
