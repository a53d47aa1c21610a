import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.databaseUrl).toMatch(/^sqlite:.*\/data\/mailbridge\.db$/);
    expect(c.microsoft).toEqual({ cloud: 'global', authorityUrl: undefined, graphUrl: undefined });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('derives the public URL from the port and trims a trailing slash', () => {
    expect(loadConfig({ MAILBRIDGE_PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ MAILBRIDGE_PUBLIC_URL: 'https://mail.example.com/' }).publicUrl).toBe('https://mail.example.com');
  });

  it('names the variable in one line', () => {
    expect(fails({ MAILBRIDGE_PORT: 'abc' })).toMatch(/^Invalid configuration: MAILBRIDGE_PORT /);
    expect(fails({ MAILBRIDGE_PUBLIC_URL: 'ftp://x' })).toMatch(/MAILBRIDGE_PUBLIC_URL/);
    expect(fails({ MAILBRIDGE_MS_CLOUD: 'mars' })).toMatch(/MAILBRIDGE_MS_CLOUD/);
    expect(fails({ MAILBRIDGE_LOG_LEVEL: 'loud' })).toMatch(/MAILBRIDGE_LOG_LEVEL/);
    expect(fails({ MAILBRIDGE_DATABASE_URL: 'mysql://x' })).toMatch(/MAILBRIDGE_DATABASE_URL/);
    expect(fails({ MAILBRIDGE_SECRET_KEY_FILE: '/nonexistent/key' })).toMatch(/MAILBRIDGE_SECRET_KEY_FILE cannot be read/);
    for (const m of [fails({ MAILBRIDGE_PORT: '-1' })]) expect(m.split('\n')).toHaveLength(1);
  });

  it('takes MAILBRIDGE_ADMIN_EMAIL and MAILBRIDGE_ADMIN_PASSWORD only together, with a real password', () => {
    expect(loadConfig({}).admin).toBeUndefined();
    expect(loadConfig({ MAILBRIDGE_ADMIN_EMAIL: 'ops@x.example', MAILBRIDGE_ADMIN_PASSWORD: 'long enough password' }).admin).toEqual({ email: 'ops@x.example', password: 'long enough password' });
    expect(fails({ MAILBRIDGE_ADMIN_EMAIL: 'ops@x.example' })).toMatch(/MAILBRIDGE_ADMIN_PASSWORD must be set together/);
    expect(fails({ MAILBRIDGE_ADMIN_PASSWORD: 'long enough password' })).toMatch(/MAILBRIDGE_ADMIN_EMAIL must be set together/);
    expect(fails({ MAILBRIDGE_ADMIN_EMAIL: 'ops@x.example', MAILBRIDGE_ADMIN_PASSWORD: 'short' })).toMatch(/MAILBRIDGE_ADMIN_PASSWORD/);
    expect(fails({ MAILBRIDGE_ADMIN_EMAIL: 'not-an-address', MAILBRIDGE_ADMIN_PASSWORD: 'long enough password' })).toMatch(/MAILBRIDGE_ADMIN_EMAIL/);
  });

  it('accepts https endpoints, and plain http only on loopback', () => {
    expect(loadConfig({ MAILBRIDGE_MS_AUTHORITY_URL: 'http://127.0.0.1:4010/' }).microsoft.authorityUrl).toBe('http://127.0.0.1:4010');
    expect(loadConfig({ MAILBRIDGE_MS_GRAPH_URL: 'http://localhost:4010' }).microsoft.graphUrl).toBe('http://localhost:4010');
    expect(loadConfig({ MAILBRIDGE_MS_GRAPH_URL: 'https://graph.microsoft.us' }).microsoft.graphUrl).toBe('https://graph.microsoft.us');
    expect(fails({ MAILBRIDGE_MS_AUTHORITY_URL: 'http://login.example.com' })).toMatch(/MAILBRIDGE_MS_AUTHORITY_URL must use https/);
    expect(fails({ MAILBRIDGE_MS_GRAPH_URL: 'http://10.0.0.5' })).toMatch(/MAILBRIDGE_MS_GRAPH_URL/);
  });

  it('trusts X-Forwarded-For only when told to', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ MAILBRIDGE_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ MAILBRIDGE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(fails({ MAILBRIDGE_TRUST_PROXY: 'yes' })).toMatch(/MAILBRIDGE_TRUST_PROXY/);
  });

  it('requires the master key with PostgreSQL', () => {
    expect(fails({ MAILBRIDGE_DATABASE_URL: 'postgres://u@h/db' })).toMatch(/MAILBRIDGE_SECRET_KEY is required with PostgreSQL/);
    expect(loadConfig({ MAILBRIDGE_DATABASE_URL: 'postgres://u@h/db', MAILBRIDGE_SECRET_KEY: 'k' }).secretKey).toBe('k');
  });
  it('runs the sandbox unless MAILBRIDGE_SANDBOX=off, and finds the built web UI beside the server', () => {
    expect(loadConfig({}).sandbox).toEqual({ enabled: true, port: 0 });
    expect(loadConfig({ MAILBRIDGE_SANDBOX: 'off' }).sandbox.enabled).toBe(false);
    expect(loadConfig({ MAILBRIDGE_SANDBOX_PORT: '4011' }).sandbox.port).toBe(4011);
    expect(fails({ MAILBRIDGE_SANDBOX: 'yes' })).toMatch(/MAILBRIDGE_SANDBOX /);
    expect(fails({ MAILBRIDGE_SANDBOX: 'off', MAILBRIDGE_MS_CLOUD: 'sandbox' })).toMatch(/MAILBRIDGE_MS_CLOUD cannot be sandbox/);
    expect(loadConfig({}).webDir).toMatch(/[/\\]web[/\\]dist$/);
    expect(loadConfig({ MAILBRIDGE_WEB_DIR: '/srv/ui' }).webDir).toBe('/srv/ui');
  });

  it('reads MAILBRIDGE_MS_SMTP_URL and MAILBRIDGE_MS_IMAP_URL as scheme://host:port (smtp/imap: STARTTLS, smtps/imaps: TLS)', () => {
    const smtp = (v: string) => loadConfig({ MAILBRIDGE_MS_SMTP_URL: v }).microsoft.smtp;
    const imap = (v: string) => loadConfig({ MAILBRIDGE_MS_IMAP_URL: v }).microsoft.imap;
    expect(loadConfig({}).microsoft.smtp).toBeUndefined();
    expect(smtp('smtp://127.0.0.1:2525')).toEqual({ host: '127.0.0.1', port: 2525, security: 'starttls' });
    expect(smtp('smtp://smtp.office365.com')).toEqual({ host: 'smtp.office365.com', port: 587, security: 'starttls' });
    expect(smtp('smtps://mail.example.com/')).toEqual({ host: 'mail.example.com', port: 465, security: 'tls' });
    expect(smtp('smtp://[::1]:25')).toEqual({ host: '::1', port: 25, security: 'starttls' });
    expect(imap('imaps://outlook.office365.com')).toEqual({ host: 'outlook.office365.com', port: 993, security: 'tls' });
    expect(imap('imap://localhost:1143')).toEqual({ host: 'localhost', port: 1143, security: 'starttls' });
    for (const bad of ['http://smtp.example.com', 'smtp.example.com:587', 'smtp://user:pw@smtp.example.com', 'smtp://smtp.example.com/path', 'smtp://smtp.example.com?x=1', 'imaps://outlook.office365.com']) {
      expect(fails({ MAILBRIDGE_MS_SMTP_URL: bad })).toMatch(/^Invalid configuration: MAILBRIDGE_MS_SMTP_URL must be smtp:\/\/host:port or smtps:\/\/host:port/);
    }
    expect(fails({ MAILBRIDGE_MS_IMAP_URL: 'smtp://outlook.office365.com' })).toMatch(/MAILBRIDGE_MS_IMAP_URL must be imap:/);
  });

  it('reads the mailbox-reading settings: IDLE re-issue, liveness, Graph polling, body cache', () => {
    expect(loadConfig({}).reading).toEqual({ idleMs: 600_000, livenessMs: 120_000, graphPollMs: 30_000, cacheBytes: 512 * 1024 * 1024 });
    expect(loadConfig({ MAILBRIDGE_IMAP_IDLE_SECONDS: '5', MAILBRIDGE_IMAP_LIVENESS_SECONDS: '3', MAILBRIDGE_GRAPH_POLL_SECONDS: '1', MAILBRIDGE_MAIL_CACHE_MB: '0.5' }).reading)
      .toEqual({ idleMs: 5_000, livenessMs: 3_000, graphPollMs: 1_000, cacheBytes: 524_288 });
    // Past 29 minutes an IDLE is no longer re-issued in time (RFC 2177).
    expect(fails({ MAILBRIDGE_IMAP_IDLE_SECONDS: '3600' })).toMatch(/MAILBRIDGE_IMAP_IDLE_SECONDS/);
    expect(fails({ MAILBRIDGE_IMAP_LIVENESS_SECONDS: 'soon' })).toMatch(/MAILBRIDGE_IMAP_LIVENESS_SECONDS/);
    expect(fails({ MAILBRIDGE_GRAPH_POLL_SECONDS: '0' })).toMatch(/MAILBRIDGE_GRAPH_POLL_SECONDS/);
    expect(fails({ MAILBRIDGE_MAIL_CACHE_MB: '-1' })).toMatch(/MAILBRIDGE_MAIL_CACHE_MB/);
  });

  it('reads MAILBRIDGE_MS_CA_FILE once, a PEM bundle of certificates', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailbridge-ca-'));
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const pem = `${rootCertificates[0]}\n${rootCertificates[1]}\n`;
    expect(loadConfig({ MAILBRIDGE_MS_CA_FILE: file('ca.pem', `# test CA\n${pem}`) }).microsoft.caPem).toBe(`${rootCertificates[0]}\n${rootCertificates[1]}`);
    expect(loadConfig({}).microsoft.caPem).toBeUndefined();
    expect(fails({ MAILBRIDGE_MS_CA_FILE: path.join(dir, 'missing.pem') })).toMatch(/^Invalid configuration: MAILBRIDGE_MS_CA_FILE cannot be read \(ENOENT/);
    expect(fails({ MAILBRIDGE_MS_CA_FILE: file('key.txt', 'not a certificate') })).toMatch(/MAILBRIDGE_MS_CA_FILE must be a PEM file of certificates/);
    expect(fails({ MAILBRIDGE_MS_CA_FILE: file('bad.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') })).toMatch(/MAILBRIDGE_MS_CA_FILE holds a certificate that cannot be read/);
    rmSync(dir, { recursive: true });
  });
  describe('the SMTP relay', () => {
    it('is off unless a port is given; then binds MAILBRIDGE_HOST, 35 MB, AUTH only over TLS', () => {
      expect(loadConfig({}).relay).toBeUndefined();
      expect(loadConfig({ MAILBRIDGE_RELAY_PORT: '2525', MAILBRIDGE_HOST: '127.0.0.1' }).relay).toEqual({
        port: 2525, tlsPort: undefined, host: '127.0.0.1', tls: undefined, maxSizeBytes: 35 * 1024 * 1024, allowPlainLoopback: false,
      });
      expect(loadConfig({ MAILBRIDGE_RELAY_TLS_PORT: '465', MAILBRIDGE_RELAY_HOST: '::1', MAILBRIDGE_RELAY_MAX_SIZE_MB: '150', MAILBRIDGE_RELAY_ALLOW_PLAIN_LOOPBACK: 'true' }).relay)
        .toMatchObject({ port: undefined, tlsPort: 465, host: '::1', maxSizeBytes: 150 * 1024 * 1024, allowPlainLoopback: true });
    });

    it('refuses a size over 150 MB, a certificate without its key, and files that are not PEM', () => {
      expect(fails({ MAILBRIDGE_RELAY_PORT: '2525', MAILBRIDGE_RELAY_MAX_SIZE_MB: '151' })).toMatch(/MAILBRIDGE_RELAY_MAX_SIZE_MB/);
      expect(fails({ MAILBRIDGE_RELAY_PORT: '2525', MAILBRIDGE_RELAY_TLS_CERT_FILE: '/x.pem' })).toMatch(/MAILBRIDGE_RELAY_TLS_KEY_FILE must be set together/);
      const dir = mkdtempSync(path.join(tmpdir(), 'mailbridge-config-'));
      try {
        const cert = path.join(dir, 'cert.pem');
        const key = path.join(dir, 'key.pem');
        writeFileSync(cert, rootCertificates[0]!);
        writeFileSync(key, 'not a key');
        expect(fails({ MAILBRIDGE_RELAY_PORT: '2525', MAILBRIDGE_RELAY_TLS_CERT_FILE: cert, MAILBRIDGE_RELAY_TLS_KEY_FILE: key })).toMatch(/MAILBRIDGE_RELAY_TLS_KEY_FILE must be a PEM private key/);
        writeFileSync(cert, 'nothing');
        expect(fails({ MAILBRIDGE_RELAY_PORT: '2525', MAILBRIDGE_RELAY_TLS_CERT_FILE: cert, MAILBRIDGE_RELAY_TLS_KEY_FILE: key })).toMatch(/MAILBRIDGE_RELAY_TLS_CERT_FILE must be a PEM file/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
