import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { X509Certificate as PeculiarCertificate } from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { certificateNotAfter, createSelfSignedCertificate } from './self-signed-certificate.js';

describe('createSelfSignedCertificate', () => {
  it('makes an RSA 2048 SHA-256 certificate for its own key, with the names and thumbprints asked for', async () => {
    const before = Date.now();
    const c = await createSelfSignedCertificate({ commonName: 'relay.example', altNames: ['relay.example', 'localhost', '127.0.0.1', '::1'], validDays: 30 });
    const x = new X509Certificate(c.certificatePem);
    expect(x.subject).toBe('CN=relay.example');
    expect(x.issuer).toBe('CN=relay.example');
    expect(x.subjectAltName).toBe('DNS:relay.example, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 });
    expect(new PeculiarCertificate(c.certificatePem).signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
    // The private key is the certificate's.
    const key = createPrivateKey(c.privateKeyPem);
    expect(x.checkPrivateKey(key)).toBe(true);
    expect(createPublicKey(key).export({ format: 'der', type: 'spki' })).toEqual(x.publicKey.export({ format: 'der', type: 'spki' }));
    // Valid now, for 30 days (to the second), and notAfter says what the certificate says.
    expect(new Date(x.validFrom).getTime()).toBeLessThanOrEqual(before);
    expect(c.notAfter.getTime()).toBe(new Date(x.validTo).getTime());
    expect(Math.abs(c.notAfter.getTime() - (before + 30 * 86_400_000))).toBeLessThan(5_000);
    expect(certificateNotAfter(c.certificatePem)).toEqual(c.notAfter);
    // Thumbprints: SHA-256 base64url (x5t#S256) and SHA-1 hex upper case, of the DER.
    expect(c.thumbprintSha256).toBe(createHash('sha256').update(x.raw).digest('base64url'));
    expect(c.thumbprintSha1).toBe(x.fingerprint.replaceAll(':', ''));
    expect(c.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/);
  });

  it('makes a new key each time, and refuses a bad validity or name', async () => {
    const [a, b] = await Promise.all([createSelfSignedCertificate({ commonName: 'a', validDays: 1 }), createSelfSignedCertificate({ commonName: 'a', validDays: 1 })]);
    expect(a.privateKeyPem).not.toBe(b.privateKeyPem);
    expect(new X509Certificate(a.certificatePem).subjectAltName).toBeUndefined();
    await expect(createSelfSignedCertificate({ commonName: 'a', validDays: 0 })).rejects.toThrow(RangeError);
    await expect(createSelfSignedCertificate({ commonName: 'a\r\nb', validDays: 1 })).rejects.toThrow(RangeError);
    expect(certificateNotAfter('not a certificate')).toBeNull();
  });
});
