import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { makeAppCertificate, signClientAssertion, type AppCertificateKit, type AssertionOptions } from '../testing/app-certificate.js';
import { authorizeUrl, pkce, REDIRECT_URI, token } from '../testing/fixtures.js';
import { signIn } from '../testing/sign-in-driver.js';
import { useSeededEmulator, type SeededEmulator } from '../testing/use-emulator.js';
import { JWT_BEARER } from './client-assertion.js';

let em: Emulator;
let s: SeededEmulator['s'];
let kit: AppCertificateKit;
let stranger: AppCertificateKit;
let expired: AppCertificateKit;
const seeded = useSeededEmulator();
beforeAll(async () => {
  const year = 365 * 86_400_000;
  [kit, stranger, expired] = await Promise.all([
    makeAppCertificate(), makeAppCertificate(), makeAppCertificate({ notBefore: new Date(Date.now() - 2 * year), notAfter: new Date(Date.now() - year) }),
  ]);
});
beforeEach(() => {
  ({ em, s } = seeded);
});

const endpoint = (tenant: string) => `${em.url}/${tenant}/oauth2/v2.0/token`;
const assertion = (o: Partial<AssertionOptions> = {}, k = kit) =>
  signClientAssertion(k, { clientId: s.app.clientId, aud: endpoint(s.tenant.id), now: Math.floor(em.clock.now() / 1000), ...o });
const withAssertion = (a: string, extra: Record<string, string> = {}, tenant = s.tenant.id) => token(em, {
  grant_type: 'client_credentials', client_id: s.app.clientId, scope: 'https://graph.microsoft.com/.default',
  client_assertion_type: JWT_BEARER, client_assertion: a, ...extra,
}, tenant);
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
const description = (res: { body: Record<string, unknown> }) => (res.body.error_description as string).split('\r\n')[0];

describe('certificate credentials', () => {
  it('accepts RS256 and PS256 assertions naming the certificate by x5t#S256 or x5t', async () => {
    const info = em.addCertificate(s.app.clientId, { pem: kit.pem });
    expect(info.thumbprintSha256).toBe(Buffer.from(kit.x5tS256, 'base64url').toString('hex').toUpperCase());
    const res = await withAssertion(assertion());
    expect(res.status).toBe(200);
    expect(claims(res.body.access_token as string).appidacr).toBe('2');
    expect((await withAssertion(assertion({ alg: 'PS256' }))).status).toBe(200);
    expect((await withAssertion(assertion({ keyHeader: 'x5t' }))).status).toBe(200);
    // The audience may name the tenant by its domain; client_id may be left to the assertion.
    const byDomain = assertion({ aud: endpoint('contoso.example') });
    expect((await token(em, { grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default', client_assertion_type: JWT_BEARER, client_assertion: byDomain }, 'contoso.example')).status).toBe(200);
  });

  it('refuses unknown, expired and wrongly signed certificates with AADSTS700027', async () => {
    em.addCertificate(s.app.clientId, { pem: kit.pem });
    const unknown = await withAssertion(assertion({}, stranger));
    expect(unknown).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [700027] } });
    const thumb = Buffer.from(stranger.x5tS256, 'base64url').toString('hex').toUpperCase();
    expect(description(unknown)).toBe(`AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${s.app.clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${s.app.clientId}'].`);
    const forged = await withAssertion(assertion({}, { ...kit, privateKeyPem: stranger.privateKeyPem }));
    expect(description(forged)).toMatch(/^AADSTS700027: Client assertion contains an invalid signature\. \[Reason - Key was found, but use of the key to verify the signature failed\., Thumbprint of key used by client: '[0-9A-F]{64}', Found key 'Start=\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d, End=\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d', Please visit/);
    em.addCertificate(s.app.clientId, { pem: expired.pem });
    expect(description(await withAssertion(assertion({}, expired)))).toMatch(/^AADSTS700027: The certificate with identifier used to sign the client assertion is expired on application\. \[Reason - The key used is expired\., /);
  });

  it('checks lifetime, audience, issuer, key header and jti', async () => {
    em.addCertificate(s.app.clientId, { pem: kit.pem });
    const now = Math.floor(em.clock.now() / 1000);
    const late = await withAssertion(assertion({ now: now - 3600 }));
    expect(late).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [700024] } });
    expect(description(late)).toMatch(/^AADSTS700024: Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z, assertion valid from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z, expiry time of assertion \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z\. Review the documentation at https:\/\/learn\.microsoft\.com\/entra\/identity-platform\/certificate-credentials \.$/);
    expect((await withAssertion(assertion({ now: now + 3600 }))).body.error_codes).toEqual([700024]);
    // A few minutes of skew pass.
    expect((await withAssertion(assertion({ now: now + 120 }))).status).toBe(200);
    expect((await withAssertion(assertion({ claims: { exp: undefined } }))).body.error_codes).toEqual([700024]);
    expect((await withAssertion(assertion({ aud: `${em.url}/${s.tenant.id}/v2.0` }))).body.error_codes).toEqual([700023]);
    expect((await withAssertion(assertion({ aud: endpoint('common') }))).body.error_codes).toEqual([700023]);
    expect((await withAssertion(assertion({ claims: { iss: 'someone-else' } }))).body.error_codes).toEqual([700021]);
    const bare = assertion().split('.');
    const noKey = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url')}.${bare[1]}.${bare[2]}`;
    expect((await withAssertion(noKey)).body.error_codes).toEqual([5002723]);
    expect((await withAssertion('not-a-jwt')).body.error_codes).toEqual([50027]);
    expect((await withAssertion(assertion({ claims: { jti: undefined } }))).body.error_codes).toEqual([50027]);
    const once = assertion();
    expect((await withAssertion(once)).status).toBe(200);
    const replay = await withAssertion(once);
    expect(replay.body.error_codes).toEqual([50027]);
    expect(description(replay)).toBe("AADSTS50027: Invalid JWT token. The client assertion's 'jti' was already used.");
    expect((await withAssertion(assertion(), { client_assertion_type: 'jwt' })).body.error_codes).toEqual([900144]);
  });

  it('authenticates the authorization-code and refresh grants too', async () => {
    em.addCertificate(s.app.clientId, { pem: kit.pem });
    const p = pkce();
    const back = await signIn(authorizeUrl(em, { client_id: s.app.clientId, code_challenge: p.challenge, code_challenge_method: 'S256' }), { account: 'adele@contoso.example' });
    const viaCommon = { client_id: s.app.clientId, client_assertion_type: JWT_BEARER };
    const code = await token(em, {
      ...viaCommon, grant_type: 'authorization_code', code: back.searchParams.get('code') as string, redirect_uri: REDIRECT_URI, code_verifier: p.verifier,
      client_assertion: assertion({ aud: endpoint('common') }),
    });
    expect(code.status).toBe(200);
    const refreshed = await token(em, { ...viaCommon, grant_type: 'refresh_token', refresh_token: code.body.refresh_token as string, client_assertion: assertion({ aud: endpoint('common') }) });
    expect(refreshed.status).toBe(200);
    const wrong = await token(em, { ...viaCommon, grant_type: 'refresh_token', refresh_token: code.body.refresh_token as string, client_assertion: assertion({ aud: endpoint('common') }, stranger) });
    expect(wrong.body.error_codes).toEqual([700027]);
  });

  it('uploads and removes certificates over HTTP', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${em.url}/_emulator${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: (res.status === 204 ? undefined : await res.json()) as Record<string, any> };
    };
    const added = await call('POST', `/apps/${s.app.clientId}/certificates`, { pem: kit.pem });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ id: expect.any(String), thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/), expiresAt: expect.any(Number) });
    expect((await call('POST', `/apps/${s.app.clientId}/certificates`, { pem: 'nope' })).status).toBe(400);
    expect((await withAssertion(assertion())).status).toBe(200);
    expect((await call('DELETE', `/apps/${s.app.clientId}/certificates/${added.json.id}`)).status).toBe(204);
    expect((await withAssertion(assertion())).body.error_codes).toEqual([700027]);
  });
});
