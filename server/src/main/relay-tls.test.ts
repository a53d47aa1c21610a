import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { createSelfSignedCertificate } from '../platform/x509/self-signed-certificate.js';
import { relayTls } from './relay-tls.js';

const relay = { port: 0, tlsPort: undefined, host: '127.0.0.1', tls: undefined, maxSizeBytes: 1024, allowPlainLoopback: false };

describe('relayTls', () => {
  let dataDir: string;
  let logs: string[];
  const log = () => createLogger('info', new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) }));
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'relay-tls-'));
    logs = [];
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));
  const config = (tls?: { certPem: string; keyPem: string }) => ({ dataDir, publicUrl: 'https://mail.contoso.example', relay: { ...relay, tls } });

  it('uses the configured certificate and key as they are, silently', async () => {
    const given = { certPem: 'CERT', keyPem: 'KEY' };
    expect(await relayTls(config(given), log())).toBe(given);
    expect(logs).toEqual([]);
  });

  it('generates a self-signed certificate into the data directory (key 0600), warns naming the variables, and reuses it', async () => {
    const first = await relayTls(config(), log());
    const cert = new X509Certificate(first.certPem);
    expect(cert.subject).toBe('CN=mail.contoso.example');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(await readFile(path.join(dataDir, 'relay-tls', 'cert.pem'), 'utf8')).toBe(first.certPem);
    expect((await stat(path.join(dataDir, 'relay-tls', 'key.pem'))).mode & 0o777).toBe(0o600);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('MAILBRIDGE_RELAY_TLS_CERT_FILE');
    expect(logs[0]).toContain('MAILBRIDGE_RELAY_TLS_KEY_FILE');
    expect(logs[0]).not.toContain('PRIVATE KEY');
    expect(await relayTls(config(), log())).toEqual(first);
  });

  it('makes a new one when the files are unreadable, do not match, or the certificate is about to expire', async () => {
    const first = await relayTls(config(), log());
    await writeFile(path.join(dataDir, 'relay-tls', 'key.pem'), 'garbage');
    const second = await relayTls(config(), log());
    expect(second.certPem).not.toBe(first.certPem);
    // A key that is not the certificate's.
    const other = await createSelfSignedCertificate({ commonName: 'x', validDays: 30 });
    await writeFile(path.join(dataDir, 'relay-tls', 'key.pem'), other.privateKeyPem);
    const third = await relayTls(config(), log());
    expect(third.certPem).not.toBe(second.certPem);
    // Less than a week left: renewed.
    const soon = new Date(Date.now() + 360 * 24 * 3600_000);
    expect((await relayTls(config(), log(), soon)).certPem).not.toBe(third.certPem);
  });
});
