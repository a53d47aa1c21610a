import { webcrypto } from 'node:crypto';
import {
  type AlgorithmIdentifier,
  Certificate,
  CertBag,
  CryptoEngine,
  EncryptedData,
  PBES2Params,
  PBKDF2Params,
  PFX,
  PKCS8ShroudedKeyBag,
  PrivateKeyInfo,
  type SafeContents,
} from 'pkijs';

/** RFC 7292 §4.2: the bag types Mailbridge reads (keys, shrouded keys, certificates). */
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
/** RFC 7292 §4.2.3: an X.509 certificate inside a CertBag. */
const X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
/** RFC 7292 §4.1 / RFC 5652 §8: an authenticated-safe part encrypted with a password. */
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
/** RFC 8018 §A.4 and §A.2: PBES2 and its key derivation, PBKDF2. */
const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';

/**
 * What a PFX may ask of the server. Every key derivation (the MAC key, RFC 7292 Appendix B, which
 * pkijs computes in a synchronous JavaScript loop on the event loop; PBKDF2 for each encrypted
 * part, on libuv's thread pool) runs with the iteration count and salt written in the file, before
 * anything in it can be authenticated, so these are checked first. Ordinary exports sit far below:
 * OpenSSL writes 2048 iterations (PKCS12_DEFAULT_ITER; `openssl pkcs12 -iter`/`-maciter` docs),
 * Windows 2000 to 10000, salts of 8 to 64 bytes, a few KB in all. .NET bounds its own loader the
 * same way (Learn: Pkcs12LoaderLimits.MacIterationLimit, IndividualKdfIterationLimit, TotalKdfIterationLimit).
 */
export const PFX_LIMITS = { maxBytes: 64 * 1024, maxIterations: 100_000, maxTotalIterations: 300_000, maxSaltBytes: 64 } as const;

/** What a PKCS#12 file held: its certificates (DER) and its private keys (PKCS#8 DER). */
export interface PfxContents {
  certificates: Buffer[];
  privateKeys: Buffer[];
}

/** The file is not PKCS#12, the password is wrong, or it uses an encryption this reader lacks. */
export class PfxError extends Error {
  constructor(
    readonly reason: 'not_pfx' | 'wrong_password' | 'unsupported' | 'over_limit',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PfxError';
  }
}

/**
 * Reads a PKCS#12 (.pfx/.p12) file (RFC 7292) with pkijs (@peculiar/x509 has no PKCS#12): checks
 * its password-based integrity MAC, then decrypts the password-encrypted bags (PBES2, RFC 8018:
 * what OpenSSL 3 and current Windows write). The legacy RC2/3DES encryption of older exports is
 * not supported: pkijs does not implement it. Files over PFX_LIMITS are refused before each key
 * derivation they would cause ('over_limit').
 */
export async function readPfx(der: Uint8Array, password: string): Promise<PfxContents> {
  // Node's WebCrypto, handed over rather than set globally (nothing happens on import).
  const engine = new CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof CryptoEngine>[0]['crypto'] });
  if (der.byteLength > PFX_LIMITS.maxBytes) {
    throw new PfxError('over_limit', `the PFX is ${der.byteLength} bytes; at most ${PFX_LIMITS.maxBytes} are accepted (a certificate, its chain and its key take a few KB)`);
  }
  let pfx: PFX;
  try {
    pfx = PFX.fromBER(toArrayBuffer(der));
  } catch (e) {
    throw new PfxError('not_pfx', 'not a PKCS#12 (.pfx/.p12) file', { cause: e });
  }
  const budget = { iterations: 0 };
  if (pfx.macData) spend(budget, pfx.macData.iterations, pfx.macData.macSalt.valueBlock.valueHexView);
  const pass = toArrayBuffer(Buffer.from(password, 'utf8'));
  try {
    await pfx.parseInternalValues({ password: pass, checkIntegrity: true }, engine);
  } catch (e) {
    throw classify(e, 'wrong_password');
  }
  const authSafe = pfx.parsedValue?.authenticatedSafe;
  if (!authSafe) throw new PfxError('unsupported', 'the PKCS#12 file is not password-protected in a way this server reads (public-key integrity mode)');
  for (const part of authSafe.safeContents) {
    // Parsed from a copy: pkijs's schema matching rewrites implicit tags in place, and pkijs parses `content` again below.
    const copy = (): AlgorithmIdentifier => EncryptedData.fromBER((part.content as { toBER(): ArrayBuffer }).toBER()).encryptedContentInfo.contentEncryptionAlgorithm;
    if (part.contentType === ENCRYPTED_DATA) checkEncryption(malformed(copy), budget);
  }
  try {
    await authSafe.parseInternalValues({ safeContents: authSafe.safeContents.map(() => ({ password: pass })) }, engine);
  } catch (e) {
    throw classify(e, 'wrong_password');
  }
  const out: PfxContents = { certificates: [], privateKeys: [] };
  for (const { value } of authSafe.parsedValue?.safeContents ?? []) await collect(value as SafeContents, pass, engine, out, budget);
  return out;
}

/** Iterations spent so far on this file's key derivations. */
interface Budget {
  iterations: number;
}

/**
 * Refuses a key derivation that would cost too much, before it runs. pkijs (through asn1js) reads an
 * INTEGER of 4 bytes or more as 0 and a negative one as such: both are refused as unreadable.
 */
function spend(budget: Budget, iterations: number | undefined, salt: Uint8Array | undefined): void {
  const count = iterations ?? 1; // RFC 7292 §4: MacData iterations DEFAULT 1
  const redo = 'export it again with OpenSSL 3 or Windows defaults';
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new PfxError('over_limit', `the PFX asks for a key-derivation iteration count this server cannot read (zero, negative or over 8 million); at most ${PFX_LIMITS.maxIterations} are accepted: ${redo}`);
  }
  if (count > PFX_LIMITS.maxIterations) {
    throw new PfxError('over_limit', `the PFX asks for ${count} key-derivation iterations; at most ${PFX_LIMITS.maxIterations} are accepted: ${redo}`);
  }
  if (salt && salt.byteLength > PFX_LIMITS.maxSaltBytes) {
    throw new PfxError('over_limit', `the PFX uses a ${salt.byteLength}-byte key-derivation salt; at most ${PFX_LIMITS.maxSaltBytes} bytes are accepted: ${redo}`);
  }
  budget.iterations += count;
  if (budget.iterations > PFX_LIMITS.maxTotalIterations) {
    throw new PfxError('over_limit', `the PFX asks for more than ${PFX_LIMITS.maxTotalIterations} key-derivation iterations in all; ${redo}`);
  }
}

/** Checks PBES2/PBKDF2 parameters (RFC 8018 §A.2, §A.4). Other schemes pkijs refuses before deriving anything. */
function checkEncryption(algorithm: AlgorithmIdentifier, budget: Budget): void {
  if (algorithm.algorithmId !== PBES2) return;
  // From a copy of the parameters, which pkijs parses again when it decrypts.
  const kdf = malformed(() => PBES2Params.fromBER((algorithm.algorithmParams as { toBER(): ArrayBuffer }).toBER()).keyDerivationFunc);
  if (kdf.algorithmId !== PBKDF2) return;
  const params = malformed(() => PBKDF2Params.fromBER((kdf.algorithmParams as { toBER(): ArrayBuffer }).toBER()));
  // The salt is `OCTET STRING` or, in theory, an AlgorithmIdentifier (otherSource), which pkijs cannot use.
  const salt = (params.salt as { valueBlock?: { valueHexView?: unknown } } | undefined)?.valueBlock?.valueHexView;
  if (!(salt instanceof Uint8Array)) throw new PfxError('unsupported', 'the PKCS#12 file uses a PBKDF2 salt that is not a byte string');
  spend(budget, params.iterationCount, salt);
}

function malformed<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new PfxError('not_pfx', 'the PKCS#12 file is malformed (its encryption parameters cannot be read)', { cause: e });
  }
}

async function collect(contents: SafeContents, pass: ArrayBuffer, engine: CryptoEngine, out: PfxContents, budget: Budget): Promise<void> {
  for (const bag of contents.safeBags) {
    if (bag.bagId === CERT_BAG) {
      const cert = bag.bagValue as CertBag;
      if (cert.certId === X509_CERTIFICATE && cert.parsedValue instanceof Certificate) out.certificates.push(der(cert.parsedValue));
    } else if (bag.bagId === KEY_BAG) {
      out.privateKeys.push(der(bag.bagValue as PrivateKeyInfo));
    } else if (bag.bagId === SHROUDED_KEY_BAG) {
      // pkijs declares this decryption protected, yet its own PKCS#12 examples call it: the only way in.
      const shrouded = bag.bagValue as PKCS8ShroudedKeyBag & { parseInternalValues(p: { password: ArrayBuffer }, c: CryptoEngine): Promise<void> };
      checkEncryption(shrouded.encryptionAlgorithm, budget);
      try {
        await shrouded.parseInternalValues({ password: pass }, engine);
      } catch (e) {
        throw classify(e, 'wrong_password');
      }
      if (shrouded.parsedValue) out.privateKeys.push(der(shrouded.parsedValue));
    }
  }
}

const der = (o: { toSchema(): { toBER(): ArrayBuffer } }): Buffer => Buffer.from(o.toSchema().toBER());

const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** pkijs says "unsupported" in its own words; anything else at this stage is a wrong password. */
function classify(e: unknown, otherwise: PfxError['reason']): PfxError {
  const text = e instanceof Error ? e.message : String(e);
  if (/not supported|unsupported|unknown "?\w*algorithm/i.test(text)) {
    return new PfxError('unsupported', 'the PKCS#12 file uses an encryption this server cannot read (legacy RC2 or 3DES); export it again with AES-256 (e.g. openssl pkcs12 -export), or import the certificate and key as PEM', { cause: e });
  }
  return new PfxError(otherwise, otherwise === 'wrong_password' ? 'the PFX password is wrong' : text, { cause: e });
}
