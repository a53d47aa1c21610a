import type { AppCertificate, MicrosoftApp } from '../domain.js';
import { InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';
import { releaseHeldMessages } from './release-held-messages.js';

/** A certificate read and checked at the edge (PEM or PKCS#12, key matching): what the app keeps. */
export type NewAppCertificate = Omit<AppCertificate, 'createdAt'>;

/**
 * Gives an app a certificate (generated or imported): from now on its token requests carry a
 * client assertion signed with it instead of the secret (docs/microsoft.md §7); any certificate
 * it had is replaced. An expired certificate is refused and nothing is stored. Like a new secret,
 * it clears the app-wide error and retries the messages an app problem held.
 */
export async function setAppCertificate(deps: Deps, app: MicrosoftApp, certificate: NewAppCertificate, field = 'pem'): Promise<MicrosoftApp> {
  const now = deps.clock.now();
  if (certificate.expiresAt.getTime() <= now.getTime()) {
    throw new InvalidInputError(`This certificate expired on ${certificate.expiresAt.toISOString()}; Microsoft no longer accepts it`, {
      diagnosis: 'certificate_expired',
      params: { clientId: app.clientId },
      details: [{ path: field, message: `the certificate expired on ${certificate.expiresAt.toISOString()}` }],
    });
  }
  const updated: MicrosoftApp = { ...app, certificate: { ...certificate, createdAt: now }, lastError: null, updatedAt: now };
  await deps.store.apps.save(updated);
  await releaseHeldMessages(deps, updated);
  return updated;
}
