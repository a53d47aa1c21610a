import { createHash, X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sensitive } from '../../core/sensitive.js';
import { createSelfSignedCertificate, type SelfSignedCertificate } from '../../platform/x509/self-signed-certificate.js';
import { JWT_BEARER_ASSERTION, signClientAssertion } from './client-assertion.js';

const CLIENT_ID = '1051283f-a319-4c83-924d-6b709e79615a';
const TOKEN_URL = 'https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token';

describe('signClientAssertion (docs/microsoft.md §7, RFC 7523)', () => {
  let cert: SelfSignedCertificate;
  beforeAll(async () => void (cert = await createSelfSignedCertificate({ commonName: 'Mailbridge test', validDays: 30 })));
  const sign = (now = new Date('2030-05-01T10:00:00.000Z')) =>
    signClientAssertion({ clientId: CLIENT_ID, tokenEndpoint: TOKEN_URL, certificate: { privateKey: new Sensitive(cert.privateKeyPem), thumbprintSha256: cert.thumbprintSha256 }, now });

  it('names the certificate by x5t#S256 and signs with PS256', async () => {
    const header = decodeProtectedHeader(await sign());
    const der = new X509Certificate(cert.certificatePem).raw;
    expect(header).toEqual({ alg: 'PS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') });
  });

  it('has aud = the token endpoint, iss = sub = the client ID, a fresh jti and a 10-minute life', async () => {
    const now = new Date('2030-05-01T10:00:00.000Z');
    const a = decodeJwt(await sign(now));
    const b = decodeJwt(await sign(now));
    const t = now.getTime() / 1000;
    expect(a).toMatchObject({ aud: TOKEN_URL, iss: CLIENT_ID, sub: CLIENT_ID, iat: t, nbf: t, exp: t + 600 });
    expect(a.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.jti).not.toBe(a.jti);
  });

  it("verifies with the certificate's public key", async () => {
    const now = new Date();
    const key = await importX509(cert.certificatePem, 'PS256');
    const { payload } = await jwtVerify(await sign(now), key, { audience: TOKEN_URL, issuer: CLIENT_ID, subject: CLIENT_ID });
    expect(payload.sub).toBe(CLIENT_ID);
  });

  it('the assertion type is the JWT bearer of RFC 7523 §2.2', () => {
    expect(JWT_BEARER_ASSERTION).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  });
});
