import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { accountsApi } from '../../api/accounts-api.js';
import { describeError } from '../../api/describe-error.js';
import type { AccountView } from '../../api/contract-types.js';
import { DiagnosisBox } from '../../components/diagnosis-box.js';
import { ConfirmDialog } from '../../components/certificate/confirm-dialog.js';
import { RelayView } from '../relay/relay-view.js';

interface Props {
  mailboxes: AccountView[];
  /** Reads the mailboxes (and the page's other account lists) again after a change. */
  onChanged: () => Promise<void>;
}

/**
 * The service mailboxes: address, whether sending from it has worked (`linked` once a message
 * went), the last diagnosis, its relay credentials (one mailbox at a time) and deleting it.
 */
export function ServiceMailboxList({ mailboxes, onChanged }: Props) {
  const { t } = useI18n();
  const [relayFor, setRelayFor] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AccountView | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const statusText = { linked: t('admin.appOnly.mailboxes.working'), not_linked: t('admin.appOnly.mailboxes.unconfirmed'), reconnect_needed: t('account.reconnectNeeded') };
  const relayAccount = mailboxes.find((m) => m.id === relayFor) ?? null;

  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy(true);
    setDeleteError(null);
    try {
      await accountsApi.remove(deleting.id);
      if (relayFor === deleting.id) setRelayFor(null);
      setDeleting(null);
      await onChanged();
    } catch (e) {
      setDeleteError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (mailboxes.length === 0) return <p className="muted" data-testid="service-mailboxes-none">{t('admin.appOnly.mailboxes.none')}</p>;
  return (
    <div className="stack">
      <div className="table-scroll">
        <table className="table" data-testid="service-mailboxes-table">
          <thead>
            <tr><th scope="col">{t('account.email')}</th><th scope="col">{t('admin.accounts.state')}</th><th scope="col">{t('admin.accounts.lastProblem')}</th><th scope="col">{t('common.actions')}</th></tr>
          </thead>
          <tbody>
            {mailboxes.map((m) => (
              <tr key={m.id} data-testid="service-mailbox-row" data-email={m.email} data-status={m.status}>
                <td>{m.email}</td>
                <td><span className={m.status === 'linked' ? 'status linked' : 'status'} data-testid="service-mailbox-status">{statusText[m.status]}</span></td>
                <td>{m.lastError ? <DiagnosisBox diagnosis={m.lastError.diagnosis} testId="service-mailbox-diagnosis" /> : '—'}</td>
                <td>
                  <div className="actions">
                    <button type="button" className="button small" aria-expanded={relayFor === m.id} aria-controls={relayFor === m.id ? 'service-mailbox-relay' : undefined}
                      aria-label={t('admin.appOnly.mailboxes.relayOf', { email: m.email })} onClick={() => setRelayFor(relayFor === m.id ? null : m.id)} data-testid="service-mailbox-relay">
                      {t('admin.appOnly.mailboxes.relay')}
                    </button>
                    <button type="button" className="button small danger" aria-label={t('admin.appOnly.mailboxes.deleteOf', { email: m.email })}
                      onClick={() => { setDeleteError(null); setDeleting(m); }} data-testid="service-mailbox-delete">
                      {t('admin.appOnly.mailboxes.delete')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {relayAccount && (
        <div className="stack" id="service-mailbox-relay" data-testid="service-mailbox-relay-panel" data-email={relayAccount.email}>
          <p className="muted">{t('admin.appOnly.mailboxes.relayFor', { email: relayAccount.email })}</p>
          <RelayView key={relayAccount.id} account={relayAccount} />
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('admin.appOnly.mailboxes.deleteTitle', { email: deleting.email })}
          text={t('admin.appOnly.mailboxes.deleteText')}
          confirm={t('admin.appOnly.mailboxes.delete')}
          busy={busy}
          error={deleteError}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
          testId="service-mailbox-delete-dialog"
        />
      )}
    </div>
  );
}
