import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Cloud, EmailAddress, Password } from '@mailbridge/contract';

/** A configuration problem: start-up stops with one line naming the variable. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** An origin for Microsoft's endpoints: https, or plain http on loopback (the emulator). */
const endpointOrigin = z.string().transform((value, ctx) => {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a URL such as https://login.microsoftonline.com' });
    return z.NEVER;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname))) {
    ctx.addIssue({ code: 'custom', message: 'must use https (plain http is accepted only for loopback addresses)' });
    return z.NEVER;
  }
  return u.origin + u.pathname.replace(/\/+$/, '');
});

/** A mail server named by MAILBRIDGE_MS_SMTP_URL or MAILBRIDGE_MS_IMAP_URL. */
export interface MailServerAddress {
  host: string;
  port: number;
  /** `starttls`: a plain connection upgraded (smtp://, imap://); `tls`: TLS from the start (smtps://, imaps://). */
  security: 'tls' | 'starttls';
}

/**
 * A mail server URL: `scheme://host[:port]` and nothing else, its scheme one of `schemes` (each
 * with its default port and security). Whether a plain connection may stay plain (only to
 * loopback) is decided when connecting (providers/microsoft/smtp/smtp-link.ts).
 */
const mailServerUrl = (schemes: Record<string, Omit<MailServerAddress, 'host'>>, example: string) =>
  z.string().transform((value, ctx): MailServerAddress => {
    let u: URL | undefined;
    try {
      u = new URL(value);
    } catch {
      u = undefined;
    }
    const scheme = u ? schemes[u.protocol] : undefined;
    if (!u || !scheme || !u.hostname || u.username || u.password || (u.pathname !== '' && u.pathname !== '/') || u.search || u.hash) {
      ctx.addIssue({ code: 'custom', message: `must be ${Object.keys(schemes).map((s) => `${s}//host:port`).join(' or ')}, such as ${example}` });
      return z.NEVER;
    }
    return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port: u.port ? Number(u.port) : scheme.port, security: scheme.security };
  });

const HOUR_MS = 3_600_000;
const UNIT_MS = { s: 1_000, m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS } as const;
/** A duration such as `90s`, `30m`, `24h` or `7d`. */
const duration = z
  .string()
  .regex(/^\d+(\.\d+)?[smhd]$/, 'must be a duration such as 90s, 30m, 24h or 7d')
  .transform((v) => Number(v.slice(0, -1)) * UNIT_MS[v.slice(-1) as keyof typeof UNIT_MS]);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  MAILBRIDGE_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MAILBRIDGE_HOST: z.string().min(1).default('0.0.0.0'),
  MAILBRIDGE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  MAILBRIDGE_DATA_DIR: z.string().min(1).default('./data'),
  MAILBRIDGE_DATABASE_URL: z.string().regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres:// or sqlite:').optional(),
  MAILBRIDGE_SECRET_KEY: z.string().min(1).optional(),
  MAILBRIDGE_SECRET_KEY_FILE: z.string().min(1).optional(),
  MAILBRIDGE_ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  MAILBRIDGE_ADMIN_API_KEY_FILE: z.string().min(1).optional(),
  MAILBRIDGE_ADMIN_EMAIL: EmailAddress.optional(),
  MAILBRIDGE_ADMIN_PASSWORD: Password.optional(),
  MAILBRIDGE_ADMIN_PASSWORD_FILE: z.string().min(1).optional(),
  MAILBRIDGE_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  MAILBRIDGE_MS_CLOUD: Cloud.default('global'),
  MAILBRIDGE_MS_AUTHORITY_URL: endpointOrigin.optional(),
  MAILBRIDGE_MS_GRAPH_URL: endpointOrigin.optional(),
  MAILBRIDGE_MS_SMTP_URL: mailServerUrl({ 'smtp:': { port: 587, security: 'starttls' }, 'smtps:': { port: 465, security: 'tls' } }, 'smtp://smtp.office365.com:587').optional(),
  MAILBRIDGE_MS_IMAP_URL: mailServerUrl({ 'imap:': { port: 143, security: 'starttls' }, 'imaps:': { port: 993, security: 'tls' } }, 'imaps://outlook.office365.com:993').optional(),
  MAILBRIDGE_MS_CA_FILE: z.string().min(1).optional(),
  MAILBRIDGE_SANDBOX: z.enum(['on', 'off']).default('on'),
  MAILBRIDGE_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  MAILBRIDGE_WEB_DIR: z.string().min(1).optional(),
  MAILBRIDGE_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+)$/, 'must be true, false or the number of proxies in front of Mailbridge')
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : Number(v)))
    .default(false),
  MAILBRIDGE_WORKERS: z.enum(['0', '1']).default('1'),
  MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  MAILBRIDGE_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(2),
  MAILBRIDGE_RETRY_BUDGET: duration.default(24 * HOUR_MS),
  // Renewed every third of it; below 2 s a busy event loop could let it lapse mid-send.
  MAILBRIDGE_LEASE_SECONDS: z.coerce.number().min(2).max(3600).default(30),
  // How long a failed message keeps its files, so that a retry still has them.
  MAILBRIDGE_ATTACHMENT_RETENTION: duration.default(7 * 24 * HOUR_MS),
  // Reading mailboxes (issue 11). Exchange Online drops an IDLE after about 30 minutes without a
  // word; re-issuing it every 10 minutes keeps it alive (docs/microsoft.md, IMAP IDLE).
  MAILBRIDGE_IMAP_IDLE_SECONDS: z.coerce.number().min(1).max(1740).default(600),
  // A connection that answers nothing for this long is dead (a silent drop): reconnect.
  MAILBRIDGE_IMAP_LIVENESS_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  // Graph has no IDLE: how often each Graph account's folders are asked for their changes.
  MAILBRIDGE_GRAPH_POLL_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  // What the cached message bodies may weigh in all (least recently read go first).
  MAILBRIDGE_MAIL_CACHE_MB: z.coerce.number().min(0).max(1_000_000).default(512),
  // The SMTP relay (issue 12): off unless a port is given. 587/2525 take STARTTLS, 465 implicit TLS.
  MAILBRIDGE_RELAY_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MAILBRIDGE_RELAY_TLS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MAILBRIDGE_RELAY_HOST: z.string().min(1).optional(),
  MAILBRIDGE_RELAY_TLS_CERT_FILE: z.string().min(1).optional(),
  MAILBRIDGE_RELAY_TLS_KEY_FILE: z.string().min(1).optional(),
  // Exchange Online takes messages up to 150 MB through Graph's upload sessions, 35 MB by default.
  MAILBRIDGE_RELAY_MAX_SIZE_MB: z.coerce.number().int().min(1).max(150).default(35),
  MAILBRIDGE_RELAY_ALLOW_PLAIN_LOOPBACK: z.enum(['true', 'false']).default('false'),
});

/** The built web UI (`npm run build -w web`), from server/src/config or server/dist/config alike. */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string;
  /** The master key text (hex or base64), if given; else SQLite deployments generate one. */
  secretKey: string | undefined;
  adminApiKey: string | undefined;
  /** MAILBRIDGE_ADMIN_EMAIL + MAILBRIDGE_ADMIN_PASSWORD: an admin who signs in, created at start. */
  admin: { email: string; password: string } | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /**
   * Where Microsoft is: the cloud, and overrides of its endpoints (MAILBRIDGE_MS_*_URL). `caPem`
   * (MAILBRIDGE_MS_CA_FILE): certificates trusted for SMTP and IMAP besides Node's own.
   */
  microsoft: {
    cloud: Cloud;
    authorityUrl: string | undefined;
    graphUrl: string | undefined;
    smtp: MailServerAddress | undefined;
    imap: MailServerAddress | undefined;
    caPem: string | undefined;
  };
  /** MAILBRIDGE_SANDBOX (on by default): the in-process stand-in for Microsoft, on 127.0.0.1:port (0 = any). */
  sandbox: { enabled: boolean; port: number };
  /**
   * MAILBRIDGE_TRUST_PROXY: believe X-Forwarded-For (true, or that many hops). Off by default, so a
   * client reaching Mailbridge directly cannot pick its own IP (the sign-in rate limit keys on it).
   */
  trustProxy: boolean | number;
  /** MAILBRIDGE_WEB_DIR: the built web UI served at `/`. */
  webDir: string;
  /**
   * The outbox: `workers` (MAILBRIDGE_WORKERS, 1 = this process delivers, 0 = API only), retry
   * base and budget (MAILBRIDGE_RETRY_BASE_SECONDS, MAILBRIDGE_RETRY_BUDGET), lease length
   * (MAILBRIDGE_LEASE_SECONDS).
   */
  outbox: { workers: 0 | 1; retryBaseMs: number; retryBudgetMs: number; leaseMs: number; attachmentRetentionMs: number };
  /** MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: let webhooks reach loopback over http (tests, a receiver on the same machine). */
  webhookAllowPrivate: boolean;
  /**
   * Reading mailboxes: IMAP IDLE re-issue and liveness (MAILBRIDGE_IMAP_IDLE_SECONDS,
   * MAILBRIDGE_IMAP_LIVENESS_SECONDS), Graph's polling (MAILBRIDGE_GRAPH_POLL_SECONDS), and the
   * body cache's budget (MAILBRIDGE_MAIL_CACHE_MB). The sync lease is MAILBRIDGE_LEASE_SECONDS.
   */
  reading: { idleMs: number; livenessMs: number; graphPollMs: number; cacheBytes: number };
  /**
   * The SMTP relay, or undefined when neither MAILBRIDGE_RELAY_PORT nor MAILBRIDGE_RELAY_TLS_PORT
   * is set. `host` is the bind address (MAILBRIDGE_RELAY_HOST, else MAILBRIDGE_HOST); `tls` the
   * certificate and key files' PEM (MAILBRIDGE_RELAY_TLS_CERT_FILE and _KEY_FILE), else a
   * self-signed one is made in the data directory; `allowPlainLoopback` lets AUTH go over a plain
   * connection from 127.0.0.1/::1 (MAILBRIDGE_RELAY_ALLOW_PLAIN_LOOPBACK).
   */
  relay:
    | {
        port: number | undefined;
        tlsPort: number | undefined;
        host: string;
        tls: { certPem: string; keyPem: string } | undefined;
        maxSizeBytes: number;
        allowPlainLoopback: boolean;
      }
    | undefined;
}

function readConfigFile(variable: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(variable, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}: ${file})`);
  }
}

const readSecretFile = (variable: string, file: string): string => readConfigFile(variable, file).trim();

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle (MAILBRIDGE_MS_CA_FILE), each checked to parse. */
function readCaFile(variable: string, file: string): string {
  const certificates = readConfigFile(variable, file).match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0) throw new ConfigError(variable, `must be a PEM file of certificates (-----BEGIN CERTIFICATE-----): ${file}`);
  for (const pem of certificates) {
    try {
      new X509Certificate(pem);
    } catch {
      throw new ConfigError(variable, `holds a certificate that cannot be read: ${file}`);
    }
  }
  return certificates.join('\n');
}

function relayConfig(e: z.infer<typeof EnvSchema>): Config['relay'] {
  const certFile = e.MAILBRIDGE_RELAY_TLS_CERT_FILE;
  const keyFile = e.MAILBRIDGE_RELAY_TLS_KEY_FILE;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(certFile ? 'MAILBRIDGE_RELAY_TLS_KEY_FILE' : 'MAILBRIDGE_RELAY_TLS_CERT_FILE', 'must be set together with the other (MAILBRIDGE_RELAY_TLS_CERT_FILE and MAILBRIDGE_RELAY_TLS_KEY_FILE)');
  }
  if (e.MAILBRIDGE_RELAY_PORT === undefined && e.MAILBRIDGE_RELAY_TLS_PORT === undefined) return undefined;
  let tls: { certPem: string; keyPem: string } | undefined;
  if (certFile && keyFile) {
    const certPem = readCaFile('MAILBRIDGE_RELAY_TLS_CERT_FILE', certFile);
    const keyPem = readConfigFile('MAILBRIDGE_RELAY_TLS_KEY_FILE', keyFile);
    try {
      createPrivateKey(keyPem);
    } catch {
      throw new ConfigError('MAILBRIDGE_RELAY_TLS_KEY_FILE', `must be a PEM private key: ${keyFile}`);
    }
    tls = { certPem, keyPem };
  }
  return Object.freeze({
    port: e.MAILBRIDGE_RELAY_PORT,
    tlsPort: e.MAILBRIDGE_RELAY_TLS_PORT,
    host: e.MAILBRIDGE_RELAY_HOST ?? e.MAILBRIDGE_HOST,
    tls,
    maxSizeBytes: e.MAILBRIDGE_RELAY_MAX_SIZE_MB * 1024 * 1024,
    allowPlainLoopback: e.MAILBRIDGE_RELAY_ALLOW_PLAIN_LOOPBACK === 'true',
  });
}

/** Reads the environment once. Nothing else in the server reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('MAILBRIDGE_') && v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.MAILBRIDGE_DATA_DIR);
  const secretKey = e.MAILBRIDGE_SECRET_KEY ?? (e.MAILBRIDGE_SECRET_KEY_FILE ? readSecretFile('MAILBRIDGE_SECRET_KEY_FILE', e.MAILBRIDGE_SECRET_KEY_FILE) : undefined);
  const adminApiKey = e.MAILBRIDGE_ADMIN_API_KEY ?? (e.MAILBRIDGE_ADMIN_API_KEY_FILE ? readSecretFile('MAILBRIDGE_ADMIN_API_KEY_FILE', e.MAILBRIDGE_ADMIN_API_KEY_FILE) : undefined);
  const adminPassword = e.MAILBRIDGE_ADMIN_PASSWORD ?? (e.MAILBRIDGE_ADMIN_PASSWORD_FILE ? readSecretFile('MAILBRIDGE_ADMIN_PASSWORD_FILE', e.MAILBRIDGE_ADMIN_PASSWORD_FILE) : undefined);
  if ((e.MAILBRIDGE_ADMIN_EMAIL === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(e.MAILBRIDGE_ADMIN_EMAIL ? 'MAILBRIDGE_ADMIN_PASSWORD' : 'MAILBRIDGE_ADMIN_EMAIL', 'must be set together with the other (MAILBRIDGE_ADMIN_EMAIL and MAILBRIDGE_ADMIN_PASSWORD)');
  }
  if (adminPassword !== undefined && adminPassword.length < 10) throw new ConfigError('MAILBRIDGE_ADMIN_PASSWORD_FILE', 'must hold at least 10 characters');
  const databaseUrl = e.MAILBRIDGE_DATABASE_URL ?? `sqlite:${path.join(dataDir, 'mailbridge.db')}`;
  if (databaseUrl.startsWith('postgres') && !secretKey) {
    throw new ConfigError('MAILBRIDGE_SECRET_KEY', 'is required with PostgreSQL (instances sharing a database must share the key)');
  }
  if (e.MAILBRIDGE_MS_CLOUD === 'sandbox' && e.MAILBRIDGE_SANDBOX === 'off') {
    throw new ConfigError('MAILBRIDGE_MS_CLOUD', 'cannot be sandbox while MAILBRIDGE_SANDBOX=off');
  }
  const publicUrl = (e.MAILBRIDGE_PUBLIC_URL ?? `http://localhost:${e.MAILBRIDGE_PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.MAILBRIDGE_PORT,
    host: e.MAILBRIDGE_HOST,
    publicUrl,
    dataDir,
    databaseUrl,
    secretKey,
    adminApiKey,
    admin: e.MAILBRIDGE_ADMIN_EMAIL && adminPassword ? Object.freeze({ email: e.MAILBRIDGE_ADMIN_EMAIL, password: adminPassword }) : undefined,
    logLevel: e.MAILBRIDGE_LOG_LEVEL,
    microsoft: Object.freeze({
      cloud: e.MAILBRIDGE_MS_CLOUD,
      authorityUrl: e.MAILBRIDGE_MS_AUTHORITY_URL,
      graphUrl: e.MAILBRIDGE_MS_GRAPH_URL,
      smtp: e.MAILBRIDGE_MS_SMTP_URL,
      imap: e.MAILBRIDGE_MS_IMAP_URL,
      caPem: e.MAILBRIDGE_MS_CA_FILE ? readCaFile('MAILBRIDGE_MS_CA_FILE', e.MAILBRIDGE_MS_CA_FILE) : undefined,
    }),
    sandbox: Object.freeze({ enabled: e.MAILBRIDGE_SANDBOX === 'on', port: e.MAILBRIDGE_SANDBOX_PORT }),
    webDir: path.resolve(e.MAILBRIDGE_WEB_DIR ?? DEFAULT_WEB_DIR),
    trustProxy: e.MAILBRIDGE_TRUST_PROXY,
    webhookAllowPrivate: e.MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE === 'true',
    outbox: Object.freeze({
      workers: e.MAILBRIDGE_WORKERS === '1' ? 1 : 0,
      retryBaseMs: e.MAILBRIDGE_RETRY_BASE_SECONDS * 1000,
      retryBudgetMs: e.MAILBRIDGE_RETRY_BUDGET,
      leaseMs: e.MAILBRIDGE_LEASE_SECONDS * 1000,
      attachmentRetentionMs: e.MAILBRIDGE_ATTACHMENT_RETENTION,
    } as const),
    reading: Object.freeze({
      idleMs: e.MAILBRIDGE_IMAP_IDLE_SECONDS * 1000,
      livenessMs: e.MAILBRIDGE_IMAP_LIVENESS_SECONDS * 1000,
      graphPollMs: e.MAILBRIDGE_GRAPH_POLL_SECONDS * 1000,
      cacheBytes: Math.round(e.MAILBRIDGE_MAIL_CACHE_MB * 1024 * 1024),
    }),
    relay: relayConfig(e),
  });
}
