import type { MicrosoftApp } from '../domain.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Deps } from '../deps.js';
import { releaseHeldMessages } from './release-held-messages.js';

/**
 * Removes an app's certificate: it authenticates with its client secret again. Refused (409,
 * nothing changed) when the app has no secret to go back to, since it could not sign in at all.
 */
export async function removeAppCertificate(deps: Deps, app: MicrosoftApp): Promise<void> {
  if (!app.certificate) throw new NotFoundError('Certificate');
  if (!app.clientSecret) {
    throw new ConflictError('The app has no client secret to go back to: save one first (its Value from Certificates & secrets), then remove the certificate');
  }
  const updated: MicrosoftApp = { ...app, certificate: null, lastError: null, updatedAt: deps.clock.now() };
  await deps.store.apps.save(updated);
  await releaseHeldMessages(deps, updated);
}
