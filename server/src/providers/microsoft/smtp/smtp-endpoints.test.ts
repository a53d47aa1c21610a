import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { MailbridgeError } from '../../../core/errors.js';
import { Sensitive } from '../../../core/sensitive.js';
import { MicrosoftEndpoints } from '../clouds.js';
import { connectionOptions, DEFAULT_SMTP_TIMEOUTS, xoauth2 } from './smtp-link.js';

const sandbox = { url: 'http://127.0.0.1:4010', smtp: { host: '127.0.0.1', port: 2525, caPem: 'SANDBOX-CA' } };

describe('MicrosoftEndpoints for SMTP and IMAP', () => {
  it("uses the cloud's hosts for work and personal accounts (docs/microsoft.md §3)", () => {
    const e = new MicrosoftEndpoints();
    expect(e.smtp('global', false)).toEqual({ host: 'smtp.office365.com', port: 587, security: 'starttls' });
    expect(e.smtp('global', true)).toEqual({ host: 'smtp-mail.outlook.com', port: 587, security: 'starttls' });
    expect(e.smtp('usgov', false)).toEqual({ host: 'smtp.office365.us', port: 587, security: 'starttls' });
    expect(e.imap('global', true)).toEqual({ host: 'outlook.office365.com', port: 993, security: 'tls' });
    expect(() => e.smtp('china', true)).toThrow(MailbridgeError);
  });

  it('lets MAILBRIDGE_MS_SMTP_URL and MAILBRIDGE_MS_IMAP_URL override every real cloud, trusting MAILBRIDGE_MS_CA_FILE besides the default roots', () => {
    const e = new MicrosoftEndpoints({ smtp: { host: '127.0.0.1', port: 2525, security: 'starttls' }, imap: { host: 'imap.test', port: 993, security: 'tls' }, caPem: 'EXTRA-CA' }, sandbox);
    const ca = [...tls.rootCertificates, 'EXTRA-CA'];
    expect(e.smtp('global', true)).toEqual({ host: '127.0.0.1', port: 2525, security: 'starttls', ca });
    expect(e.smtp('usgov-dod', false)).toEqual({ host: '127.0.0.1', port: 2525, security: 'starttls', ca });
    expect(e.imap('global', false)).toEqual({ host: 'imap.test', port: 993, security: 'tls', ca });
    expect(e.smtp('sandbox', false)).toEqual({ host: '127.0.0.1', port: 2525, security: 'starttls', ca: ['SANDBOX-CA'] });
  });

  it('sends cloud sandbox to the in-process sandbox, which must be on', () => {
    expect(new MicrosoftEndpoints({}, sandbox).smtp('sandbox', true)).toEqual({ host: '127.0.0.1', port: 2525, security: 'starttls', ca: ['SANDBOX-CA'] });
    expect(() => new MicrosoftEndpoints().smtp('sandbox', false)).toThrow(expect.objectContaining({ diagnosis: 'app_not_configured' }));
    expect(() => new MicrosoftEndpoints({}, { ...sandbox, smtp: null }).smtp('sandbox', false)).toThrow(/without its SMTP endpoint/);
    expect(() => new MicrosoftEndpoints({}, sandbox).imap('sandbox', false)).toThrow(/no IMAP/);
  });
});

describe('the SMTP connection', () => {
  const options = (host: string, security: 'tls' | 'starttls' = 'starttls') => connectionOptions({ host, port: 587, security }, DEFAULT_SMTP_TIMEOUTS);

  it('requires STARTTLS but towards loopback, where a server without it may be used in clear', () => {
    expect(options('smtp.office365.com')).toMatchObject({ secure: false, requireTLS: true, tls: { minVersion: 'TLSv1.2' } });
    expect(options('10.0.0.5').requireTLS).toBe(true);
    for (const host of ['127.0.0.1', '127.3.2.1', '::1', '[::1]']) expect(options(host).requireTLS).toBe(false);
    // Names are resolved by the network's DNS first (nodemailer): never trusted to be loopback.
    for (const host of ['localhost', 'mail.localhost', 'localhost.']) expect(options(host).requireTLS).toBe(true);
    // The IPv4-mapped spelling never counts as loopback (a classic filter bypass).
    expect(options('::ffff:127.0.0.1').requireTLS).toBe(true);
    expect(options('smtp.example.com', 'tls')).toMatchObject({ secure: true, requireTLS: false });
  });

  it('authenticates as the mailbox with XOAUTH2 (user=…^Aauth=Bearer …^A^A)', () => {
    expect(Buffer.from(xoauth2('adele@contoso.example', new Sensitive('tok')), 'base64').toString()).toBe('user=adele@contoso.example\x01auth=Bearer tok\x01\x01');
  });
});
