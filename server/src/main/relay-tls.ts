import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../platform/logger.js';
import { createSelfSignedCertificate } from '../platform/x509/self-signed-certificate.js';

/** A generated certificate lasts a year, and is made again once less than a week is left. */
const VALID_DAYS = 365;
const RENEW_BEFORE_MS = 7 * 24 * 60 * 60_000;

/**
 * The relay's certificate and key: MAILBRIDGE_RELAY_TLS_CERT_FILE and _KEY_FILE when given (read
 * by config/), else a self-signed one kept in `<dataDir>/relay-tls/` (cert.pem, and key.pem
 * readable by its owner only), made again when missing, unreadable, not matching, or about to
 * expire. A self-signed certificate is logged as a warning that names the variables to set,
 * never the key.
 */
export async function relayTls(config: Pick<Config, 'dataDir' | 'publicUrl'> & { relay: NonNullable<Config['relay']> }, log: Logger, now = new Date()): Promise<{ certPem: string; keyPem: string }> {
  if (config.relay.tls) return config.relay.tls;
  const dir = path.join(config.dataDir, 'relay-tls');
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  let pair = await readPair(certFile, keyFile, now);
  if (!pair) {
    const host = hostOf(config.publicUrl);
    const made = await createSelfSignedCertificate({ commonName: host, altNames: [...new Set([host, 'localhost', '127.0.0.1', '::1'])], validDays: VALID_DAYS });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // Key first, each written whole then renamed: a crash never leaves a certificate without its key.
    await writeAtomically(keyFile, made.privateKeyPem, 0o600);
    await writeAtomically(certFile, made.certificatePem, 0o644);
    pair = { certPem: made.certificatePem, keyPem: made.privateKeyPem };
  }
  const cert = new X509Certificate(pair.certPem);
  log.warn(
    { certificate: certFile, expiresAt: new Date(cert.validTo).toISOString(), sha256: cert.fingerprint256 },
    'The SMTP relay uses a self-signed certificate, which clients do not trust unless told to: set MAILBRIDGE_RELAY_TLS_CERT_FILE and MAILBRIDGE_RELAY_TLS_KEY_FILE to a certificate and key of your own',
  );
  return pair;
}

async function readPair(certFile: string, keyFile: string, now: Date): Promise<{ certPem: string; keyPem: string } | null> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    const cert = new X509Certificate(certPem);
    if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return null;
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return null;
    // Whoever made the file, only its owner reads the key.
    await chmod(keyFile, 0o600);
    return { certPem, keyPem };
  } catch {
    return null;
  }
}

async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '') || 'localhost';
  } catch {
    return 'localhost';
  }
};
