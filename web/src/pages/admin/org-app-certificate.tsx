import { useMemo } from 'react';
import { adminApi } from '../../api/admin-api.js';
import { certificateApi } from '../../api/certificate-api.js';
import type { MicrosoftAppView } from '../../api/contract-types.js';
import { CertificatePanel } from '../../components/certificate/certificate-panel.js';

/**
 * The organisation app's certificate (…/microsoft-app/certificate), under its form: once one is
 * set, the client secret can be removed (PUT /microsoft-app with `clientSecret: null`).
 */
export function OrgAppCertificate({ app, onChanged }: { app: MicrosoftAppView; onChanged: (a: MicrosoftAppView) => void }) {
  const api = useMemo(() => certificateApi(), []);
  const reread = async () => onChanged(await adminApi.getMicrosoftApp());
  const removeSecret = async () => onChanged(await adminApi.putMicrosoftApp({ clientId: app.clientId, clientSecret: null }));
  return (
    <CertificatePanel
      certificate={app.certificate}
      api={api}
      clientId={app.clientId}
      idPrefix="org"
      onChanged={reread}
      removeSecret={{ secretSet: app.clientSecret.set, run: removeSecret }}
    />
  );
}
