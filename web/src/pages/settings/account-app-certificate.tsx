import { useMemo } from 'react';
import { accountsApi } from '../../api/accounts-api.js';
import { certificateApi } from '../../api/certificate-api.js';
import type { AccountView } from '../../api/contract-types.js';
import { CertificatePanel } from '../../components/certificate/certificate-panel.js';

/**
 * The certificate of an account's own app (…/accounts/{id}/app/certificate), shown only while the
 * account has one. Once a certificate is set, the secret can be removed (PATCH /accounts/{id}
 * with `app.clientSecret: null`; the server refuses it while the app has no certificate).
 */
export function AccountAppCertificate({ account, reload }: { account: AccountView; reload: () => Promise<void> }) {
  const api = useMemo(() => certificateApi(account.id), [account.id]);
  if (account.app.source !== 'account') return null;
  const clientId = account.app.clientId ?? '';
  const removeSecret = async () => {
    await accountsApi.update(account.id, { app: { clientId, clientSecret: null } });
    await reload();
  };
  return (
    <CertificatePanel
      certificate={account.app.certificate ?? null}
      api={api}
      clientId={clientId}
      idPrefix="account"
      onChanged={reload}
      removeSecret={{ secretSet: account.app.clientSecret?.set ?? false, run: removeSecret }}
    />
  );
}
