import { useMemo } from 'react';
import { certificateApi } from '../../api/certificate-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { CertificatePanel } from '../../components/certificate/certificate-panel.js';

/**
 * The certificate of an account's own app (…/accounts/{id}/app/certificate), shown only while the
 * account has one. Removing the secret is not offered here: PATCH /accounts/{id} takes no
 * `clientSecret: null` (the contract's AccountAppInput), unlike the organisation app's PUT.
 */
export function AccountAppCertificate({ account, reload }: { account: AccountView; reload: () => Promise<void> }) {
  const api = useMemo(() => certificateApi(account.id), [account.id]);
  if (account.app.source !== 'account') return null;
  return <CertificatePanel certificate={account.app.certificate ?? null} api={api} clientId={account.app.clientId ?? ''} idPrefix="account" onChanged={reload} />;
}
