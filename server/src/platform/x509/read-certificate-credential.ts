import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { InvalidInputError } from '../../core/errors.js';
import { PfxError, readPfx } from './read-pfx.js';

/** A certificate and the private key that belongs to it, ready to sign client assertions. */
export interface CertificateCredential {
  /** The certificate alone, PEM. */
  certificatePem: string;
  /** PKCS#8 PEM, whatever form it came in. A secret. */
  privateKeyPem: string;
  /** base64url SHA-256 of the DER (`x5t#S256`). */
  thumbprintSha256: string;
  expiresAt: Date;
}

/** RFC 7468 §2 encapsulation boundaries, and the labels Mailbridge accepts in them. */
const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const LABEL = /^[A-Z0-9 ]+$/;
/** RSA keys only, as Entra ID takes for certificate credentials; jose refuses shorter ones for PS256. */
const MIN_RSA_BITS = 2048;

const invalid = (field: string, message: string, cause?: unknown): InvalidInputError =>
  new InvalidInputError(`The certificate was not imported: ${message}`, { details: [{ path: field, message }], ...(cause ? { cause } : {}) });

/**
 * Reads `{pem}`: one or more certificates (a chain is fine) and an unencrypted RSA private key,
 * PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`), in any order. The certificate
 * kept is the one the key belongs to. Every problem is an InvalidInputError naming it.
 */
export function credentialFromPem(text: string, field = 'pem'): CertificateCredential {
  const blocks = pemBlocks(text);
  if (blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(b.pem))) {
    throw invalid(field, 'the private key is encrypted; give it unencrypted (openssl pkey -in key.pem -out key-plain.pem), or import a PFX with its password');
  }
  const certificates = blocks.filter((b) => b.label === 'CERTIFICATE').map((b, i) => parseCertificate(b.pem, field, i));
  if (certificates.length === 0) throw invalid(field, 'no certificate found (a block starting with -----BEGIN CERTIFICATE-----)');
  const keys = blocks.filter((b) => b.label === 'PRIVATE KEY' || b.label === 'RSA PRIVATE KEY').map((b) => parseKey(() => createPrivateKey(b.pem), field));
  return pair(certificates, keys, field);
}

/**
 * The PEM blocks of a text: `-----BEGIN L-----`, a line break, and everything up to the first
 * `-----END L-----` after it. Found with indexOf in one pass over the END markers and one over the
 * BEGIN markers, so linear in the text (a lazy regex with a back-reference is quadratic when BEGIN
 * lines are left unclosed).
 */
function pemBlocks(text: string): { label: string; pem: string }[] {
  const ends = new Map<string, { at: number[]; next: number }>();
  for (let at = text.indexOf(END); at >= 0; at = text.indexOf(END, at + 1)) {
    const close = text.indexOf(DASHES, at + END.length);
    if (close < 0) break;
    const label = text.slice(at + END.length, close);
    if (!LABEL.test(label)) continue;
    const positions = ends.get(label) ?? { at: [], next: 0 };
    positions.at.push(at);
    ends.set(label, positions);
  }
  const blocks: { label: string; pem: string }[] = [];
  for (let at = text.indexOf(BEGIN); at >= 0; ) {
    const close = text.indexOf(DASHES, at + BEGIN.length);
    if (close < 0) break;
    const label = text.slice(at + BEGIN.length, close);
    const body = close + DASHES.length + (text.startsWith('\r\n', close + DASHES.length) ? 2 : text.startsWith('\n', close + DASHES.length) ? 1 : 0);
    const positions = ends.get(label);
    if (!LABEL.test(label) || body === close + DASHES.length || !positions) {
      at = text.indexOf(BEGIN, close);
      continue;
    }
    // BEGIN markers come in order, so each label's END cursor only moves forward.
    while (positions.next < positions.at.length && (positions.at[positions.next] as number) < body) positions.next++;
    const end = positions.at[positions.next];
    if (end === undefined) {
      at = text.indexOf(BEGIN, close);
      continue;
    }
    const stop = end + END.length + label.length + DASHES.length;
    blocks.push({ label, pem: text.slice(at, stop) });
    at = text.indexOf(BEGIN, stop);
  }
  return blocks;
}

/** Reads `{pfxBase64, password}`: a PKCS#12 file with the certificate and its private key. */
export async function credentialFromPfx(base64: string, password: string, field = 'pfxBase64'): Promise<CertificateCredential> {
  const compact = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw invalid(field, 'is not base64');
  let contents;
  try {
    contents = await readPfx(Buffer.from(compact, 'base64'), password);
  } catch (e) {
    if (e instanceof PfxError) throw invalid(e.reason === 'wrong_password' ? 'password' : field, e.message, e);
    throw e;
  }
  const certificates = contents.certificates.map((der, i) => parseCertificate(der, field, i));
  if (certificates.length === 0) throw invalid(field, 'the PFX holds no certificate');
  const keys = contents.privateKeys.map((der) => parseKey(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), field));
  return pair(certificates, keys, field);
}

function parseCertificate(source: string | Buffer, field: string, index: number): X509Certificate {
  try {
    return new X509Certificate(source);
  } catch (e) {
    throw invalid(field, `certificate ${index + 1} is not a valid X.509 certificate`, e);
  }
}

function parseKey(read: () => KeyObject, field: string): KeyObject {
  let key: KeyObject;
  try {
    key = read();
  } catch (e) {
    throw invalid(field, 'the private key cannot be read', e);
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalid(field, `the private key must be RSA (Entra ID certificate credentials), not ${key.asymmetricKeyType ?? 'unknown'}`);
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) throw invalid(field, `the RSA key must have at least ${MIN_RSA_BITS} bits`);
  return key;
}

function pair(certificates: X509Certificate[], keys: KeyObject[], field: string): CertificateCredential {
  if (keys.length === 0) {
    throw invalid(field, 'no private key found: add the unencrypted key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----) after the certificate');
  }
  for (const key of keys) {
    const certificate = certificates.find((c) => c.checkPrivateKey(key));
    if (!certificate) continue;
    return {
      certificatePem: certificate.toString(),
      privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }) as string,
      thumbprintSha256: createHash('sha256').update(certificate.raw).digest('base64url'),
      expiresAt: new Date(certificate.validTo),
    };
  }
  throw invalid(field, 'the private key does not belong to the certificate');
}
