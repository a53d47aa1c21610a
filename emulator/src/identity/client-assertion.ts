import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import type { EmulatorContext } from '../state/context.js';
import type { App, AppCertificate } from '../state/types.js';
import { resolveSegment } from './audience.js';
import { TokenError } from './token-error.js';

/** RFC 7523 §2.2: the only client_assertion_type the platform takes (docs/microsoft.md §7). */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Clock skew allowed around `nbf` and `exp`, in seconds (unconfirmed: Microsoft's is not on record). */
export const ASSERTION_SKEW_S = 300;

type Json = Record<string, unknown>;

function decodePart(part: string | undefined): Json {
  try {
    const v: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
  } catch { /* refused below */ }
  throw new TokenError(50027, { detail: 'The client assertion is not a JWT in compact serialization.' });
}

/** The `sub` of an assertion, unverified: the client id when the request names none (RFC 7521 §4.2). */
export function assertionSubject(assertion: string | undefined): string | undefined {
  if (!assertion) return undefined;
  try {
    const sub = decodePart(assertion.split('.')[1]).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** .NET round-trip time, as Microsoft prints it in AADSTS700024: 2025-08-29T05:47:32.1501147Z. */
function roundTrip(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** "01/23/2023 13:33:28", the key dates of AADSTS700027 (UTC). */
function keyDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
}

/** `aud` must be this authority's token endpoint: same path segment, or one naming the same tenant. */
function audienceMatches(ctx: EmulatorContext, tenantRaw: string, aud: unknown): boolean {
  const wanted = resolveSegment(ctx.store, tenantRaw);
  const one = (a: unknown): boolean => {
    if (typeof a !== 'string') return false;
    const m = /^(https?:\/\/[^/]+)\/([^/]+)\/oauth2\/(?:v2\.0\/)?token\/?$/i.exec(a);
    if (!m || (m[1] as string).toLowerCase() !== ctx.baseUrl.toLowerCase()) return false;
    const seg = m[2] as string;
    if (seg.toLowerCase() === tenantRaw.toLowerCase()) return true;
    const named = resolveSegment(ctx.store, seg);
    return named?.kind === 'tenant' && wanted?.kind === 'tenant' && named.tenant.id === wanted.tenant.id;
  };
  return Array.isArray(aud) ? aud.some(one) : one(aud);
}

/** The uploaded certificate the header names (x5t#S256, x5t or kid), and the thumbprint to quote. */
function namedCertificate(app: App, header: Json): { cert: AppCertificate | undefined; thumbprint: string } {
  const hex = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64url').toString('hex').toUpperCase() : undefined);
  const s256 = hex(header['x5t#S256']);
  if (s256) return { cert: app.certificates.find((c) => c.thumbprintSha256 === s256), thumbprint: s256 };
  const sha1 = hex(header.x5t);
  if (sha1) return { cert: app.certificates.find((c) => c.thumbprint === sha1), thumbprint: sha1 };
  if (typeof header.kid === 'string') {
    const cert = app.certificates.find((c) => c.id.toLowerCase() === (header.kid as string).toLowerCase());
    return { cert, thumbprint: cert?.thumbprint ?? header.kid };
  }
  throw new TokenError(5002723);
}

/** RS256 (PKCS#1 v1.5) or PS256 (PSS, salt = digest length) over `header.payload`. */
function signatureValid(assertion: string, alg: unknown, cert: AppCertificate): boolean {
  const dot = assertion.lastIndexOf('.');
  const data = Buffer.from(assertion.slice(0, dot));
  const signature = Buffer.from(assertion.slice(dot + 1), 'base64url');
  const key = new X509Certificate(cert.pem).publicKey;
  try {
    if (alg === 'RS256') return verify('sha256', data, key, signature);
    if (alg === 'PS256') return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
  } catch { /* a malformed signature is an invalid one */ }
  return false;
}

/**
 * Checks a client assertion (docs/microsoft.md §7) the way the token endpoint does before any
 * grant: issuer and subject are the client id (700021), the audience is this token endpoint
 * (700023), the header names an uploaded certificate (5002723 / 700027 "not registered"), still
 * valid (700027 "expired"), whose key verifies the signature (700027 "invalid signature"), the
 * lifetime holds within a few minutes of skew (700024). The `jti` must be present and never seen
 * before: unconfirmed behaviour (Microsoft's answers are not on record), refused with 50027.
 */
export function verifyClientAssertion(ctx: EmulatorContext, app: App, tenantRaw: string, assertion: string): void {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw new TokenError(50027, { detail: 'The client assertion is not a JWT in compact serialization.' });
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  const { cert, thumbprint } = namedCertificate(app, header);
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) throw new TokenError(700021);
  if (!audienceMatches(ctx, tenantRaw, claims.aud)) throw new TokenError(700023);
  const now = ctx.clock.now();
  const names = { appId: app.clientId, thumbprint };
  if (!cert) {
    throw new TokenError(700027, { ...names, head: 'The certificate with identifier used to sign the client assertion is not registered on application.', reason: 'The key was not found.', found: '' });
  }
  const found = `Found key 'Start=${keyDate(cert.startsAt)}, End=${keyDate(cert.expiresAt)}', `;
  if (cert.expiresAt <= now) {
    throw new TokenError(700027, { ...names, head: 'The certificate with identifier used to sign the client assertion is expired on application.', reason: 'The key used is expired.', found });
  }
  if (!signatureValid(assertion, header.alg, cert)) {
    // Reason text as Microsoft words it for the same failure of an on-behalf-of assertion (AADSTS50013).
    throw new TokenError(700027, { ...names, head: 'Client assertion contains an invalid signature.', reason: 'Key was found, but use of the key to verify the signature failed.', found });
  }
  const nowS = now / 1000;
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : 0;
  const exp = typeof claims.exp === 'number' ? claims.exp : 0;
  if (exp + ASSERTION_SKEW_S <= nowS || nbf - ASSERTION_SKEW_S > nowS) {
    throw new TokenError(700024, { now: roundTrip(nowS), nbf: roundTrip(nbf), exp: roundTrip(exp) });
  }
  spendJti(ctx, app, claims.jti, exp);
}

/** Unconfirmed: single use of each `jti` per app, remembered until the assertion could no longer pass. */
function spendJti(ctx: EmulatorContext, app: App, jti: unknown, exp: number): void {
  if (typeof jti !== 'string' || jti === '') throw new TokenError(50027, { detail: "The client assertion has no 'jti' claim." });
  const used = ctx.store.usedAssertionIds;
  const now = ctx.clock.now();
  for (const [k, until] of used) if (until <= now) used.delete(k);
  const key = `${app.clientId}|${createHash('sha256').update(jti).digest('base64url')}`;
  if (used.has(key)) throw new TokenError(50027, { detail: "The client assertion's 'jti' was already used." });
  used.set(key, (exp + ASSERTION_SKEW_S) * 1000);
}
