import { apiRequest } from './api-request.js';
import type { AppCertificateCreated, AppCertificateImport, AppCertificateView } from './contract-types.js';

/** The certificate credential of one app: the organisation's, or an account's own. */
export interface CertificateApi {
  /** A new key pair and self-signed certificate; replaces any certificate the app had. */
  generate: () => Promise<AppCertificateCreated>;
  /** An existing certificate with its private key: PEM, or a PFX in base64 with its password. */
  import: (body: AppCertificateImport) => Promise<AppCertificateView>;
  /** The public part (the certificate to upload in Entra ID); 404 when the app has none. */
  get: () => Promise<AppCertificateView>;
  /** Back to the client secret; 409 when the app has none to go back to. */
  remove: () => Promise<void>;
}

/** `/microsoft-app/certificate` (admins), or `/accounts/{id}/app/certificate` for an account's own app. */
export function certificateApi(accountId?: string): CertificateApi {
  const path = accountId === undefined ? '/microsoft-app/certificate' : `/accounts/${encodeURIComponent(accountId)}/app/certificate`;
  return {
    generate: () => apiRequest<AppCertificateCreated>('POST', path, {}),
    import: (body) => apiRequest<AppCertificateView>('PUT', path, body),
    get: () => apiRequest<AppCertificateView>('GET', path),
    remove: () => apiRequest<void>('DELETE', path),
  };
}
