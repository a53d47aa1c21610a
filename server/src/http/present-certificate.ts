import { createHash, X509Certificate } from 'node:crypto';
import type { AppCertificateSummary, AppCertificateView } from '@mailbridge/contract';
import type { AppCertificate } from '../core/domain.js';

/** The public part of an app's certificate; the private key never leaves the server. */
export function presentCertificateSummary(c: Pick<AppCertificate, 'pem' | 'thumbprintSha256' | 'expiresAt'>): AppCertificateSummary {
  // The portal names certificates by SHA-1 (hex, upper case): shown so an admin can match them.
  const thumbprint = createHash('sha1').update(new X509Certificate(c.pem).raw).digest('hex').toUpperCase();
  return { thumbprintSha256: c.thumbprintSha256, thumbprint, expiresAt: c.expiresAt.toISOString() };
}

export function presentCertificate(c: AppCertificate): AppCertificateView {
  return { ...presentCertificateSummary(c), certificatePem: c.pem, createdAt: c.createdAt.toISOString() };
}
