import type { AppCertificateCreated, AppCertificateImport, AppCertificateView } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import type { MicrosoftApp } from '../../../core/domain.js';
import { NotFoundError } from '../../../core/errors.js';
import { Sensitive } from '../../../core/sensitive.js';
import { removeAppCertificate } from '../../../core/apps/remove-app-certificate.js';
import { setAppCertificate } from '../../../core/apps/set-app-certificate.js';
import { createSelfSignedCertificate } from '../../../platform/x509/self-signed-certificate.js';
import { credentialFromPem, credentialFromPfx, type CertificateCredential } from '../../../platform/x509/read-certificate-credential.js';
import { presentCertificate, presentCertificateSummary } from '../../present-certificate.js';

/**
 * One year. Entra ID sets no limit of its own on an uploaded certificate, but a tenant's app
 * management policy may (learn.microsoft.com graph/api/resources/keycredentialconfiguration,
 * `asymmetricKeyLifetime`), and a year is the limit commonly chosen there: longer would be refused
 * at upload in such tenants, and a stolen key would stay usable longer. Expiry notices come 30, 7
 * and 1 days before (core/apps/secret-expiry.ts).
 */
const VALID_DAYS = 365;

/**
 * What …/certificate does, for the organisation app and for an account's own (the routes find the
 * app and check who may call). Reading and generating certificates is the edge's work (platform/x509);
 * the use cases in core/apps keep and use the result.
 */
export const appCertificateActions = {
  async generate(deps: Deps, app: MicrosoftApp): Promise<AppCertificateCreated> {
    const made = await createSelfSignedCertificate({ commonName: `Mailbridge ${new URL(deps.publicUrl).hostname}`, validDays: VALID_DAYS });
    const saved = await keep(deps, app, { certificatePem: made.certificatePem, privateKeyPem: made.privateKeyPem, thumbprintSha256: made.thumbprintSha256, expiresAt: made.notAfter });
    return { ...presentCertificateSummary(saved), certificatePem: saved.pem };
  },
  async import(deps: Deps, app: MicrosoftApp, body: AppCertificateImport): Promise<AppCertificateView> {
    const read = 'pem' in body ? credentialFromPem(body.pem) : await credentialFromPfx(body.pfxBase64, body.password);
    return presentCertificate(await keep(deps, app, read, 'pem' in body ? 'pem' : 'pfxBase64'));
  },
  get(app: MicrosoftApp): AppCertificateView {
    if (!app.certificate) throw new NotFoundError('Certificate');
    return presentCertificate(app.certificate);
  },
  remove: removeAppCertificate,
};

async function keep(deps: Deps, app: MicrosoftApp, c: CertificateCredential, field?: string) {
  const saved = await setAppCertificate(deps, app, { pem: c.certificatePem, privateKey: new Sensitive(c.privateKeyPem), thumbprintSha256: c.thumbprintSha256, expiresAt: c.expiresAt }, field);
  return saved.certificate!;
}
