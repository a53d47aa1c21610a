import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { AppCertificate } from '../../core/domain.js';

/** RFC 7523 §2.2: how a client assertion is named in a token request. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * PS256 (RSASSA-PSS, SHA-256): the algorithm Learn's certificate-credentials page documents today;
 * RS256 is accepted too (docs/microsoft.md §7).
 */
const ALG = 'PS256';
/** Learn (certificate-credentials): keep an assertion's lifetime to 5–10 minutes. */
const LIFETIME_S = 600;

export interface AssertionInput {
  clientId: string;
  /** The exact token endpoint this assertion is sent to: Entra checks `aud` against it (AADSTS700023). */
  tokenEndpoint: string;
  certificate: Pick<AppCertificate, 'privateKey' | 'thumbprintSha256'>;
  now: Date;
}

/**
 * A client assertion for one token request (learn.microsoft.com entra/identity-platform/
 * certificate-credentials; RFC 7523 §3): header `x5t#S256` naming the certificate uploaded in
 * Entra ID, `aud` the token endpoint — not the issuer, which generic OAuth clients use by default —
 * `iss` = `sub` = the client ID, a fresh `jti` each time (a reused one may be refused), `nbf` and
 * `iat` now, `exp` ten minutes later.
 */
export async function signClientAssertion(o: AssertionInput): Promise<string> {
  const key = await importPKCS8(o.certificate.privateKey.reveal(), ALG);
  const now = Math.floor(o.now.getTime() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: ALG, typ: 'JWT', 'x5t#S256': o.certificate.thumbprintSha256 })
    .setIssuer(o.clientId)
    .setSubject(o.clientId)
    .setAudience(o.tokenEndpoint)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + LIFETIME_S)
    .sign(key);
}
