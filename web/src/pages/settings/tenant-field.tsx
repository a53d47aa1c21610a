import { useI18n } from '../../i18n/i18n-context.js';
import { Field } from '../../components/field.js';
import type { AccountDraft, TenantChoice } from '../../forms/account-draft.js';
import type { FieldProblem } from '../../forms/field-problem.js';

type TenantDraft = Pick<AccountDraft, 'tenantChoice' | 'tenantCustom'>;

interface Props {
  draft: TenantDraft;
  onChange: (patch: Partial<TenantDraft>) => void;
  error?: FieldProblem | undefined;
  idPrefix: string;
}

/** Supported accounts: `common` (the seed's choice), organizations, consumers or one tenant. */
export function TenantField({ draft, onChange, error, idPrefix }: Props) {
  const { t } = useI18n();
  const options: { value: TenantChoice; label: string }[] = [
    { value: 'common', label: t('tenant.common') },
    { value: 'organizations', label: t('tenant.organizations') },
    { value: 'consumers', label: t('tenant.consumers') },
    { value: 'specific', label: t('tenant.specific') },
  ];
  return (
    <>
      <Field id={`${idPrefix}-tenant`} label={t('account.tenant')} info={t('account.tenantInfo')} error={draft.tenantChoice === 'specific' ? undefined : error}>
        {(p) => (
          <select {...p} value={draft.tenantChoice} onChange={(e) => onChange({ tenantChoice: e.target.value as TenantChoice })} data-testid={`${idPrefix}-tenant`}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
        )}
      </Field>
      {draft.tenantChoice === 'specific' && (
        <Field id={`${idPrefix}-tenant-id`} label={t('account.tenantId')} info={t('account.tenantIdInfo')} error={error}>
          {(p) => (
            <input {...p} value={draft.tenantCustom} placeholder="contoso.onmicrosoft.com" spellCheck={false} autoComplete="off" onChange={(e) => onChange({ tenantCustom: e.target.value })} data-testid={`${idPrefix}-tenant-id`} />
          )}
        </Field>
      )}
    </>
  );
}
