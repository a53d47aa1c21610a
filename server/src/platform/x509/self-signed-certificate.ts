import { createHash, X509Certificate as NodeX509Certificate, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import { SubjectAlternativeNameExtension, X509CertificateGenerator, type JsonGeneralName } from '@peculiar/x509';

/** What createSelfSignedCertificate makes: the certificate and its key as PEM, and how to name it. */
export interface SelfSignedCertificate {
  certificatePem: string;
  /** PKCS#8 PEM. A secret: never logged; stored encrypted or in a file only its owner reads. */
  privateKeyPem: string;
  notAfter: Date;
  /**
   * base64url of the SHA-256 of the certificate's DER: the `x5t#S256` header of a JWT signed with
   * its key (RFC 7515 §4.1.8), which is how Entra ID names an uploaded certificate.
   */
  thumbprintSha256: string;
  /** Hex (upper case) of the SHA-1 of the DER: the "thumbprint" the Azure portal shows. */
  thumbprintSha1: string;
}

export interface SelfSignedOptions {
  commonName: string;
  /** Subject alternative names: IP addresses (v4 or v6) are written as such, anything else as a DNS name. */
  altNames?: string[];
  validDays: number;
}

type SelfSignedParams = Parameters<typeof X509CertificateGenerator.createSelfSigned>[0];

const DAY_MS = 24 * 60 * 60_000;
// RSA 2048 with SHA-256: what Entra ID takes for certificate credentials and what every TLS client speaks.
const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

/**
 * A new RSA key pair and a self-signed X.509 certificate for it (Node cannot make certificates by
 * itself, hence @peculiar/x509 over Node's WebCrypto). Generic: the relay's TLS certificate and the
 * certificate credentials of an Entra ID app both come from here. Valid from a minute ago (clock
 * skew) for `validDays`.
 */
export async function createSelfSignedCertificate(o: SelfSignedOptions): Promise<SelfSignedCertificate> {
  if (!(o.validDays > 0)) throw new RangeError('validDays must be positive');
  if (!o.commonName || /[\r\n]/.test(o.commonName)) throw new RangeError('commonName must be one non-empty line');
  // Node's WebCrypto is the standard API the library's (DOM-typed) parameters describe.
  const crypto = webcrypto as unknown as NonNullable<Parameters<typeof X509CertificateGenerator.createSelfSigned>[1]>;
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as unknown as SelfSignedParams['keys'];
  const now = Date.now();
  const notBefore = new Date(now - 60_000);
  // X.509 times have whole seconds (RFC 5280 §4.1.2.5): round here so notAfter is what the certificate says.
  const notAfter = new Date(Math.floor((now + o.validDays * DAY_MS) / 1000) * 1000);
  const names: JsonGeneralName[] = (o.altNames ?? []).map((n) => ({ type: isIP(n) !== 0 ? 'ip' : 'dns', value: n }));
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      name: [{ CN: [o.commonName] }],
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: names.length > 0 ? [new SubjectAlternativeNameExtension(names)] : [],
    },
    crypto,
  );
  const der = Buffer.from(certificate.rawData);
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    certificatePem: certificate.toString('pem') + '\n',
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`,
    notAfter,
    thumbprintSha256: createHash('sha256').update(der).digest('base64url'),
    thumbprintSha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
  };
}

/** When a PEM certificate stops being valid, or null when it is not a certificate. */
export function certificateNotAfter(certificatePem: string): Date | null {
  try {
    return new Date(new NodeX509Certificate(certificatePem).validTo);
  } catch {
    return null;
  }
}
