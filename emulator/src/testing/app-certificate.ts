import { constants, createHash, createSign, randomUUID, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** A self-signed RSA certificate with its private key, to upload to an app and sign assertions with. */
export interface AppCertificateKit {
  pem: string;
  privateKeyPem: string;
  /** base64url SHA-256 / SHA-1 of the DER certificate: the `x5t#S256` / `x5t` header values. */
  x5tS256: string;
  x5t: string;
}

const DAY = 86_400_000;

/** Makes one (RSA 2048, about 100 ms). Validity from a day ago for a year unless given. */
export async function makeAppCertificate(o: { notBefore?: Date; notAfter?: Date } = {}): Promise<AppCertificateKit> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'Mailbridge test app' }], {
    keyType: 'rsa', keySize: 2048, algorithm: 'sha256',
    notBeforeDate: o.notBefore ?? new Date(now - DAY), notAfterDate: o.notAfter ?? new Date(now + 365 * DAY),
  });
  const raw = new X509Certificate(pems.cert).raw;
  return {
    pem: pems.cert, privateKeyPem: pems.private,
    x5tS256: createHash('sha256').update(raw).digest('base64url'), x5t: createHash('sha1').update(raw).digest('base64url'),
  };
}

export interface AssertionOptions {
  clientId: string;
  /** The token endpoint URL, e.g. `${em.url}/${tenantId}/oauth2/v2.0/token`. */
  aud: string;
  /** Seconds since the epoch to sign "now" at (default the real clock). */
  now?: number;
  lifetimeS?: number;
  alg?: 'RS256' | 'PS256';
  /** Header key id: x5t#S256 (default) or x5t. */
  keyHeader?: 'x5t#S256' | 'x5t';
  /** Claims to add or replace (undefined removes one, e.g. `{ jti: undefined }`). */
  claims?: Record<string, unknown>;
}

/** A client assertion (RFC 7523) signed with the kit's key, as MSAL makes them. */
export function signClientAssertion(kit: AppCertificateKit, o: AssertionOptions): string {
  const now = o.now ?? Math.floor(Date.now() / 1000);
  const alg = o.alg ?? 'RS256';
  const keyHeader = o.keyHeader ?? 'x5t#S256';
  const header = { alg, typ: 'JWT', [keyHeader]: keyHeader === 'x5t' ? kit.x5t : kit.x5tS256 };
  const claims: Record<string, unknown> = {
    aud: o.aud, iss: o.clientId, sub: o.clientId, jti: randomUUID(), iat: now, nbf: now, exp: now + (o.lifetimeS ?? 600), ...o.claims,
  };
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc(header)}.${enc(claims)}`;
  const key = alg === 'PS256'
    ? { key: kit.privateKeyPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : kit.privateKeyPem;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}
