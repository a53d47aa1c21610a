import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors.js';
import { createSelfSignedCertificate, type SelfSignedCertificate } from './self-signed-certificate.js';
import { credentialFromPem, credentialFromPfx } from './read-certificate-credential.js';

/** Files made with the system's openssl (Debian's), as an administrator would bring them. */
const dir = mkdtempSync(path.join(tmpdir(), 'mb-cert-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

const problem = async (f: () => unknown): Promise<{ message: string; path: string | undefined }> => {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    const err = e as InvalidInputError;
    return { message: err.message, path: err.details?.[0]?.path };
  }
  throw new Error('expected a refusal');
};

describe('importing a certificate credential', () => {
  let made: SelfSignedCertificate;
  let other: SelfSignedCertificate;
  beforeAll(async () => {
    made = await createSelfSignedCertificate({ commonName: 'Mailbridge import', validDays: 30 });
    other = await createSelfSignedCertificate({ commonName: 'Someone else', validDays: 30 });
    writeFileSync(file('cert.pem'), made.certificatePem);
    writeFileSync(file('key.pem'), made.privateKeyPem);
    openssl('pkcs12', '-export', '-in', file('cert.pem'), '-inkey', file('key.pem'), '-out', file('modern.pfx'), '-passout', 'pass:s3cret pass');
    openssl('pkcs12', '-export', '-legacy', '-in', file('cert.pem'), '-inkey', file('key.pem'), '-out', file('legacy.pfx'), '-passout', 'pass:s3cret');
    openssl('pkcs12', '-export', '-in', file('cert.pem'), '-inkey', file('key.pem'), '-out', file('nopass.pfx'), '-passout', 'pass:');
    openssl('rsa', '-in', file('key.pem'), '-traditional', '-out', file('pkcs1.pem'));
    openssl('pkey', '-in', file('key.pem'), '-aes256', '-passout', 'pass:x', '-out', file('encrypted.pem'));
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file('ec.pem'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expected = () => ({
    certificatePem: new X509Certificate(made.certificatePem).toString(),
    thumbprintSha256: made.thumbprintSha256,
    expiresAt: made.notAfter,
  });

  it('PEM: certificate and PKCS#8 key, in either order, with a chain', () => {
    const read = credentialFromPem(made.privateKeyPem + other.certificatePem + made.certificatePem);
    expect(read).toMatchObject(expected());
    expect(createPrivateKey(read.privateKeyPem).export({ format: 'jwk' })).toEqual(createPrivateKey(made.privateKeyPem).export({ format: 'jwk' }));
    expect(read.thumbprintSha256).toBe(createHash('sha256').update(new X509Certificate(made.certificatePem).raw).digest('base64url'));
  });

  it('PEM: a PKCS#1 key (BEGIN RSA PRIVATE KEY) is kept as PKCS#8', () => {
    const pkcs1 = readFileSync(file('pkcs1.pem'), 'utf8');
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY');
    const read = credentialFromPem(made.certificatePem + pkcs1);
    expect(read).toMatchObject(expected());
    expect(read.privateKeyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('PEM: bad input is refused, naming the problem', async () => {
    expect(await problem(() => credentialFromPem('hello'))).toMatchObject({ path: 'pem', message: expect.stringContaining('no certificate found') });
    expect((await problem(() => credentialFromPem(made.certificatePem))).message).toContain('no private key found');
    expect((await problem(() => credentialFromPem(made.certificatePem + other.privateKeyPem))).message).toContain('does not belong to the certificate');
    expect((await problem(() => credentialFromPem(made.certificatePem + readFileSync(file('encrypted.pem'), 'utf8')))).message).toContain('encrypted');
    expect((await problem(() => credentialFromPem(made.certificatePem + readFileSync(file('ec.pem'), 'utf8')))).message).toContain('private key');
    const broken = made.certificatePem.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA');
    expect((await problem(() => credentialFromPem(broken + made.privateKeyPem))).message).toMatch(/not a valid X\.509 certificate|does not belong/);
  });

  it('PEM: CRLF line ends and text around the blocks are fine; unclosed BEGIN lines cost linear time', async () => {
    const crlf = `Bag Attributes\r\n${made.certificatePem}junk -----BEGIN X-----\r\n${made.privateKeyPem}`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r');
    expect(credentialFromPem(crlf)).toMatchObject(expected());
    // Each line opens a block that never closes: a lazy back-referencing regex rescans the rest of the text for each.
    const unclosed = ['-----BEGIN CERTIFICATE-----\n', '-----BEGIN PRIVATE KEY-----\n', '-----BEGIN A1-----\n-----END A2-----\n', '-----BEGIN -----END \n'];
    for (const line of unclosed) {
      const text = line.repeat(Math.ceil(2_000_000 / line.length));
      const started = performance.now();
      expect((await problem(() => credentialFromPem(text))).message).toContain('no certificate found');
      expect(performance.now() - started).toBeLessThan(500);
    }
    // BEGIN lines that never close do not hide the blocks after them.
    expect(credentialFromPem('-----BEGIN X509 CRL-----\n'.repeat(1000) + made.certificatePem + made.privateKeyPem)).toMatchObject(expected());
  });

  it('PFX (PBES2/AES, as OpenSSL 3 and current Windows write): read with its password, or an empty one', async () => {
    expect(await credentialFromPfx(readFileSync(file('modern.pfx')).toString('base64'), 's3cret pass')).toMatchObject(expected());
    expect(await credentialFromPfx(readFileSync(file('nopass.pfx')).toString('base64'), '')).toMatchObject(expected());
  });

  it('PFX: a wrong password, a file that is not PKCS#12, legacy encryption and bad base64 are refused by name', async () => {
    const modern = readFileSync(file('modern.pfx')).toString('base64');
    expect(await problem(() => credentialFromPfx(modern, 'wrong'))).toMatchObject({ path: 'password', message: expect.stringContaining('password is wrong') });
    expect(await problem(() => credentialFromPfx(Buffer.from(made.certificatePem).toString('base64'), 'x'))).toMatchObject({ path: 'pfxBase64', message: expect.stringContaining('not a PKCS#12') });
    expect((await problem(() => credentialFromPfx(readFileSync(file('legacy.pfx')).toString('base64'), 's3cret'))).message).toContain('legacy RC2 or 3DES');
    expect((await problem(() => credentialFromPfx('%%%not base64%%%', 'x'))).message).toContain('not base64');
  });
});
