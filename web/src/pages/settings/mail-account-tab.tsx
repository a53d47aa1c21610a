import { useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView, SendingMethod } from '../../api/contract-types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { draftFromAccount, draftToBody, isDraftDirty, type AccountDraft } from '../../forms/account-draft.js';
import { checkAccountDraft } from '../../forms/check-account-draft.js';
import { spreadProblems } from '../../forms/spread-problems.js';
import { useSubmit } from '../../forms/use-submit.js';
import type { FieldProblems } from '../../forms/field-problem.js';
import { MailAccountFields } from './mail-account-fields.js';
import { RedirectUriRow } from './redirect-uri-row.js';
import { OauthAccountRow } from './oauth-account-row.js';
import { DeliveryGuaranteeRow } from './delivery-guarantee-row.js';
import { TestEmailForm } from './test-email-form.js';
import { UnsavedDialog } from './unsaved-dialog.js';
import { useLinkPopup } from './use-link-popup.js';
import { SwitchToGraph } from './switch-to-graph.js';
import { MailboxLinkRow } from './mailbox-link-row.js';
import { AccountAppCertificate } from './account-app-certificate.js';
import { methodLabel } from '../../i18n/sending-method-keys.js';

/** Form field → the id of its control, to move the focus to the first problem. */
const controlOf: Record<string, string> = {
  email: 'account-email',
  'app.clientId': 'account-client-id',
  'app.clientSecret': 'account-client-secret',
  'app.tenant': 'account-tenant',
  'app.clientSecretExpiresAt': 'account-secret-expiry',
  sendAs: 'account-send-as',
};
const fieldsOfDraft: Record<keyof AccountDraft, string> = {
  email: 'email', sendingMethod: 'sendingMethod', sendAs: 'sendAs', sendAsPending: 'sendAs', clientId: 'app.clientId', clientSecret: 'app.clientSecret',
  tenantChoice: 'app.tenant', tenantCustom: 'app.tenant', expiry: 'app.clientSecretExpiresAt',
};

interface Props {
  account: AccountView | undefined;
  organizationAppConfigured: boolean;
  /** Mailbridge's redirect URI, shown before anything is saved (the app registration needs it first). */
  redirectUri: string | null;
  onSaved: (account: AccountView) => void;
  reload: () => Promise<void>;
}

export function MailAccountTab({ account, organizationAppConfigured, redirectUri, onSaved, reload }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [draft, setDraft] = useState(() => draftFromAccount(account));
  const [serverProblems, setServerProblems] = useState<FieldProblems>({});
  const [checkAll, setCheckAll] = useState(false);
  /** What the last save said: saved, or saved and the mailbox must be linked again for its new method. */
  const [savedNote, setSavedNote] = useState<{ relinkFor?: SendingMethod } | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const linkButton = useRef<HTMLButtonElement>(null);
  const link = useLinkPopup(() => void reload(), t('link.opening'));

  const dirty = !account || isDraftDirty(draft, account);
  const problems = { ...serverProblems, ...checkAccountDraft(draft, i18n, !checkAll) };

  const change = (patch: Partial<AccountDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSavedNote(null);
    const touched = new Set(Object.keys(patch).map((k) => fieldsOfDraft[k as keyof AccountDraft]));
    setServerProblems((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !touched.has(k))));
  };

  const focusFirst = (found: FieldProblems) => {
    const first = Object.keys(controlOf).find((k) => found[k]);
    if (first) window.setTimeout(() => document.getElementById(controlOf[first]!)?.focus(), 0);
  };
  const showServerProblems = (found: FieldProblems) => {
    setServerProblems(found);
    focusFirst(found);
  };
  const { busy: saving, error: restError, setError: setRestError, run } = useSubmit(spreadProblems(Object.keys(controlOf), showServerProblems));

  /** Validates like the server, then saves; resolves to the saved account or null. */
  const save = async (): Promise<AccountView | null> => {
    setCheckAll(true);
    setRestError(null);
    const found = checkAccountDraft(draft, i18n);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return null;
    }
    const saved = await run(async () => {
      const body = draftToBody(draft, account);
      const result = account ? await accountsApi.update(account.id, body) : await accountsApi.create(body);
      onSaved(result);
      setDraft(draftFromAccount(result));
      setServerProblems({});
      setCheckAll(false);
      const relink = account !== undefined && result.sendingMethod !== account.sendingMethod && result.status === 'reconnect_needed';
      setSavedNote(relink ? { relinkFor: result.sendingMethod } : {});
      return result;
    });
    return saved ?? null;
  };

  /** The one-click switch saved a new method: the form follows, so a later Save doesn't switch back. */
  const onSwitched = (switched: AccountView) => {
    onSaved(switched);
    setDraft((d) => ({ ...d, sendingMethod: switched.sendingMethod }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  const onLinkClick = () => {
    if (dirty || !account) {
      setDialogOpen(true);
      return;
    }
    const popup = link.openWindow();
    if (popup) void link.run(popup, account);
  };

  const saveAndLink = async () => {
    setDialogOpen(false);
    if (Object.keys(checkAccountDraft(draft, i18n)).length > 0) {
      void save(); // shows the problems; nothing is opened
      return;
    }
    const popup = link.openWindow(); // still inside the click: popup blockers allow it
    if (!popup) return;
    const saved = await save();
    if (!saved) {
      popup.close();
      link.reset();
      return;
    }
    await link.run(popup, saved);
  };

  return (
    <div className="stack">
      <form onSubmit={onSubmit} className="stack" noValidate aria-label={t('tabs.account')} data-testid="account-form">
        <MailAccountFields draft={draft} onChange={change} problems={problems} account={account} organizationAppConfigured={organizationAppConfigured} />
        {(account?.redirectUri ?? redirectUri) && <RedirectUriRow redirectUri={(account?.redirectUri ?? redirectUri)!} />}
        <div className="actions">
          <button type="submit" className="button primary" disabled={saving} data-testid="account-save">{t('common.save')}</button>
          {dirty && account && <span className="muted small" data-testid="unsaved-marker">{t('account.unsaved')}</span>}
          {savedNote && (
            <span className={savedNote.relinkFor ? 'status warning' : 'success-text'} role="status" data-testid="account-saved" data-relink={Boolean(savedNote.relinkFor)}>
              {savedNote.relinkFor ? t('account.savedRelink', { method: t(methodLabel[savedNote.relinkFor]) }) : t('account.saved')}
            </span>
          )}
        </div>
        <ErrorNotice error={restError} testId="account-save-error" />
      </form>
      {account?.app.source === 'account' && <AccountAppCertificate account={account} reload={reload} />}
      <OauthAccountRow account={account} linkState={link.state} onLinkClick={onLinkClick} onChanged={onSaved} linkButtonRef={linkButton} />
      {account && <SwitchToGraph account={account} onSwitched={onSwitched} />}
      {/* Once linked, the account's mail can be read: say where (the mailbox page, on this account). */}
      {account && account.status !== 'not_linked' && <MailboxLinkRow account={account} />}
      {account && <DeliveryGuaranteeRow guarantee={account.deliveryGuarantee} method={account.sendingMethod} />}
      <TestEmailForm account={account} />
      {dialogOpen && <UnsavedDialog onSaveAndLink={() => void saveAndLink()} onCancel={() => setDialogOpen(false)} />}
    </div>
  );
}
