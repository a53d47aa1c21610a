import { useI18n } from '../../i18n/i18n-context.js';
import { Field } from '../../components/field.js';
import type { AccountView } from '../../api/contract-types.js';
import type { AccountDraft } from '../../forms/account-draft.js';
import type { FieldProblems } from '../../forms/field-problem.js';
import { TenantField } from './tenant-field.js';
import { SendingMethodField } from './sending-method-field.js';
import { SendAsField } from './send-as-field.js';

interface Props {
  draft: AccountDraft;
  onChange: (patch: Partial<AccountDraft>) => void;
  problems: FieldProblems;
  account: AccountView | undefined;
  organizationAppConfigured: boolean;
}

/** The seed's Mail account fields, each with its ⓘ, and the shared mailboxes it may send as. */
export function MailAccountFields({ draft, onChange, problems, account, organizationAppConfigured }: Props) {
  const { t } = useI18n();
  const secret = account?.app.source === 'account' ? account.app.clientSecret : undefined;
  const usesOrgApp = !draft.clientId.trim();
  return (
    <>
      <SendingMethodField method={draft.sendingMethod} onChange={(sendingMethod) => onChange({ sendingMethod })} account={account} />
      <Field id="account-email" label={t('account.email')} info={t('account.emailInfo')} error={problems.email}>
        {(p) => (
          <input {...p} type="email" autoComplete="email" placeholder={t('account.emailPlaceholder')} value={draft.email} onChange={(e) => onChange({ email: e.target.value })} data-testid="account-email" />
        )}
      </Field>
      <SendAsField draft={draft} onChange={onChange} error={problems.sendAs} account={account} />
      <Field
        id="account-client-id"
        label={t('account.clientId')}
        info={t('account.clientIdInfo')}
        error={problems['app.clientId']}
        hint={usesOrgApp ? (organizationAppConfigured ? t('account.orgAppUsed') : t('account.orgAppMissing')) : undefined}
      >
        {(p) => (
          <input {...p} spellCheck={false} autoComplete="off" placeholder="00000000-0000-0000-0000-000000000000" value={draft.clientId} onChange={(e) => onChange({ clientId: e.target.value })} data-testid="account-client-id" />
        )}
      </Field>
      <Field
        id="account-client-secret"
        label={t('account.clientSecret')}
        info={t('account.clientSecretInfo')}
        error={problems['app.clientSecret']}
        hint={secret?.set ? <span data-testid="account-secret-status">{t('account.secretSet', { last4: secret.last4 ?? '' })}</span> : undefined}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            placeholder={secret?.set ? t('account.secretKeep') : ''}
            value={draft.clientSecret}
            onChange={(e) => onChange({ clientSecret: e.target.value })}
            data-testid="account-client-secret"
          />
        )}
      </Field>
      <TenantField draft={draft} onChange={onChange} error={problems['app.tenant']} idPrefix="account" />
      <Field id="account-secret-expiry" label={t('account.expiry')} info={t('account.expiryInfo')} error={problems['app.clientSecretExpiresAt']}>
        {(p) => <input {...p} type="date" value={draft.expiry} onChange={(e) => onChange({ expiry: e.target.value })} data-testid="account-secret-expiry" />}
      </Field>
    </>
  );
}
