import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { useSeededEmulator, type SeededEmulator } from '../testing/use-emulator.js';
import { authorizeUrl, graph, login, pkce, REDIRECT_URI, seed, token } from '../testing/fixtures.js';
import { parseForm, signIn } from '../testing/sign-in-driver.js';

let em: Emulator;
let s: SeededEmulator['s'];
const seeded = useSeededEmulator();
beforeEach(async () => {
  ({ em, s } = seeded);
});

const jwtClaims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;

async function codeFor(account: string, extra: Record<string, string> = {}) {
  const p = pkce();
  const back = await signIn(authorizeUrl(em, { client_id: s.app.clientId, code_challenge: p.challenge, code_challenge_method: 'S256', ...extra }), { account });
  return { code: back.searchParams.get('code') as string, verifier: p.verifier, back };
}

const redeem = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  token(em, { grant_type: 'authorization_code', client_id: s.app.clientId, client_secret: s.secret.value, code, redirect_uri: REDIRECT_URI, code_verifier: verifier, ...extra });

describe('authorization code flow', () => {
  it('signs in, consents, redeems, reads /me and sends mail', async () => {
    const page = await fetch(authorizeUrl(em, { client_id: s.app.clientId, login_hint: 'megan@contoso.example' }));
    const form = parseForm(await page.text());
    expect(form.accounts[0]).toBe('megan@contoso.example');
    const { code, verifier, back } = await codeFor('adele@contoso.example');
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('session_state')).toMatch(/^[0-9a-f-]{36}$/);
    const res = await redeem(code, verifier);
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('Bearer');
    expect(res.body.scope).toBe('https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read openid profile email offline_access');
    const claims = jwtClaims(res.body.id_token as string);
    expect(claims).toMatchObject({ aud: s.app.clientId, iss: `${em.url}/${s.tenant.id}/v2.0`, tid: s.tenant.id, oid: s.adele.oid, ver: '2.0', email: 'adele@contoso.example' });
    const me = await graph(em, '/me', res.body.access_token as string);
    expect(me.json).toMatchObject({ id: s.adele.oid, displayName: 'Adele Vance', mail: 'adele@contoso.example' });
    const sent = await graph(em, '/me/sendMail', res.body.access_token as string, {
      json: { message: { subject: 'Hi', body: { contentType: 'Text', content: 'x' }, toRecipients: [{ emailAddress: { address: 'megan@contoso.example', name: 'Megan' } }] } },
    });
    expect(sent.status).toBe(202);
    expect(sent.text).toBe('');
    expect(em.mailbox('megan@contoso.example').inbox[0]?.message.subject).toBe('Hi');
    expect(em.mailbox('adele@contoso.example').sentItems).toHaveLength(1);
  });

  it('issues EwB tokens and CID ids to personal accounts', async () => {
    const sam = em.createUser({ email: 'sam@outlook.example', personal: true });
    const { code, verifier } = await codeFor('sam@outlook.example');
    const res = await redeem(code, verifier);
    expect(res.body.access_token).toMatch(/^EwB[^.]+$/);
    expect((await graph(em, '/me', res.body.access_token as string)).json?.id).toBe(sam.id);
    expect(sam.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('rejects a PKCE mismatch, a reused code and an expired code', async () => {
    const a = await codeFor('adele@contoso.example');
    expect((await redeem(a.code, 'wrong-verifier')).body.error_codes).toEqual([50148]);
    expect((await redeem(a.code, a.verifier)).status).toBe(200);
    const reused = await redeem(a.code, a.verifier);
    expect(reused.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    expect(reused.body.error_description).toMatch(/^AADSTS54005: OAuth2 Authorization code was already redeemed.*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s);
    const b = await codeFor('adele@contoso.example');
    em.clock.advance(11 * 60 * 1000);
    expect((await redeem(b.code, b.verifier)).body.error_codes).toEqual([70008]);
  });

  it('checks client secrets: missing, wrong, secret ID, expired, Basic auth', async () => {
    const a = await codeFor('adele@contoso.example');
    const base = { grant_type: 'authorization_code', client_id: s.app.clientId, code: a.code, redirect_uri: REDIRECT_URI, code_verifier: a.verifier };
    expect(await token(em, base)).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000218] } });
    const byId = await token(em, { ...base, client_secret: s.secret.id });
    expect(byId).toMatchObject({ status: 401, body: { error_codes: [7000215] } });
    expect(byId.body.error_description).toContain(`for a secret added to app '${s.app.clientId}'.`);
    const old = em.addSecret(s.app.clientId, { expiresAt: em.clock.now() - 1 });
    expect(await token(em, { ...base, client_secret: old.value })).toMatchObject({ status: 401, body: { error_codes: [7000222] } });
    const basic = Buffer.from(`${s.app.clientId}:${encodeURIComponent(s.secret.value)}`).toString('base64');
    expect((await token(em, base, 'common', { authorization: `Basic ${basic}` })).status).toBe(200);
    expect(await token(em, { ...base, client_id: 'nope' })).toMatchObject({ status: 400, body: { error: 'unauthorized_client', error_codes: [700016] } });
  });

  it('shows client_id and redirect_uri errors on its own page', async () => {
    const unknown = await fetch(authorizeUrl(em, { client_id: '11111111-1111-1111-1111-111111111111' }), { redirect: 'manual' });
    const html = await unknown.text();
    expect(unknown.status).toBe(400);
    expect(html).toContain("Sorry, but we're having trouble signing you in");
    expect(html).toMatch(/AADSTS700016: Application with identifier &#39;11111111-1111-1111-1111-111111111111&#39; was not found/);
    expect(html).toMatch(/Request Id: .*Correlation Id: .*Timestamp: /s);
    const mismatch = await fetch(authorizeUrl(em, { client_id: s.app.clientId, redirect_uri: 'http://localhost:3000/oauth/callback/' }), { redirect: 'manual' });
    expect(await mismatch.text()).toContain('AADSTS50011: The redirect URI &#39;http://localhost:3000/oauth/callback/&#39; specified in the request does not match');
    const relative = await fetch(authorizeUrl(em, { client_id: s.app.clientId, redirect_uri: '/cb' }), { redirect: 'manual' });
    expect(await relative.text()).toContain('AADSTS90102');
  });

  it('escapes login_hint and redirects cancel and declined consent', async () => {
    const page = await fetch(authorizeUrl(em, { client_id: s.app.clientId, login_hint: '<script>x</script>' }));
    const html = await page.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    const form = parseForm(html);
    const cancel = await fetch(new URL(form.action, em.url), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `flow=${form.flow}&cancel=1` });
    const back = new URL(cancel.headers.get('location') as string);
    expect(Object.fromEntries(back.searchParams)).toEqual({ error: 'access_denied', error_subcode: 'cancel', state: 'st-1' });
    const declined = await signIn(authorizeUrl(em, { client_id: s.app.clientId }), { account: 'adele@contoso.example', consent: 'cancel' });
    expect(declined.searchParams.get('error')).toBe('access_denied');
    expect(declined.searchParams.get('error_description')).toMatch(/^AADSTS65004: User declined to consent to access the app\.\r\n/);
  });

  it('enforces account types, conditional access and admin-only consent', async () => {
    const single = em.createApp({ tenantId: s.tenant.id, signInAudience: 'AzureADMyOrg', redirectUris: [REDIRECT_URI] });
    const common = await signInError(authorizeUrl(em, { client_id: single.clientId }));
    expect(common.get('error_description')).toMatch(/^AADSTS50194:/);
    const other = em.createTenant({ domain: 'fabrikam.example' });
    em.createUser({ email: 'bob@fabrikam.example' });
    const foreign = await signIn(authorizeUrl(em, { client_id: single.clientId }, s.tenant.id), { account: 'bob@fabrikam.example' });
    expect(foreign.searchParams.get('error')).toBe('access_denied');
    expect(foreign.searchParams.get('error_description')).toMatch(/^AADSTS50020:/);
    const orgs = em.createApp({ tenantId: s.tenant.id, signInAudience: 'AzureADMultipleOrgs', redirectUris: [REDIRECT_URI] });
    em.createUser({ email: 'sam@outlook.example', personal: true });
    const personal = await signIn(authorizeUrl(em, { client_id: orgs.clientId }), { account: 'sam@outlook.example' });
    expect(personal.searchParams.get('error')).toBe('unauthorized_client');
    expect(personal.searchParams.get('error_description')).toMatch(/^The client does not exist or is not enabled for consumers\./);
    em.updateUser('megan@contoso.example', { signInBlocked: true });
    const blocked = await signIn(authorizeUrl(em, { client_id: s.app.clientId }), { account: 'megan@contoso.example' });
    expect(blocked.searchParams.get('error_description')).toMatch(/^AADSTS53003:/);
    em.createUser({ email: 'carol@fabrikam.example' });
    em.reset();
    s = seed(em);
    const locked = em.createTenant({ domain: 'locked.example', userConsentAllowed: false });
    em.createUser({ email: 'dan@locked.example', tenantId: locked.id });
    const admin = await signIn(authorizeUrl(em, { client_id: s.app.clientId }), { account: 'dan@locked.example' });
    expect(admin.searchParams.get('error_description')).toMatch(/^AADSTS90094:/);
    void other;
  });
});

async function signInError(url: string): Promise<URLSearchParams> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string).searchParams;
}

describe('refresh tokens', () => {
  it('rotates, exchanges for another resource and fails after revocation', async () => {
    const first = await login(em, s, 'adele@contoso.example');
    const refresh = (rt: string, scope?: string) =>
      token(em, { grant_type: 'refresh_token', client_id: s.app.clientId, client_secret: s.secret.value, refresh_token: rt, ...(scope ? { scope } : {}) });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await refresh(first.refresh_token)).status).toBe(200);
    expect((await refresh(first.refresh_token, 'https://graph.microsoft.com/Mail.Send https://outlook.office.com/SMTP.Send')).body.error_codes).toEqual([28000]);
    expect((await refresh(first.refresh_token, 'https://outlook.office.com/SMTP.Send')).body.error_codes).toEqual([65001]);
    em.grantConsent({ clientId: s.app.clientId, userEmail: 'adele@contoso.example', scopes: ['https://outlook.office.com/SMTP.Send'] });
    const smtp = await refresh(first.refresh_token, 'https://outlook.office.com/SMTP.Send offline_access');
    expect(smtp.body.scope).toBe('https://outlook.office.com/SMTP.Send openid profile email offline_access');
    expect((await graph(em, '/me', smtp.body.access_token as string)).status).toBe(401);
    em.updateUser('adele@contoso.example', { mfaRequired: true });
    expect((await refresh(first.refresh_token)).body).toMatchObject({ error_codes: [50076], suberror: 'basic_action' });
    em.updateUser('adele@contoso.example', { mfaRequired: false });
    em.revokeConsent({ clientId: s.app.clientId, userEmail: 'adele@contoso.example' });
    expect((await refresh(first.refresh_token)).body).toMatchObject({ error_codes: [65001], suberror: 'consent_required' });
    em.revokeRefreshTokens('adele@contoso.example');
    expect((await refresh(first.refresh_token)).body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
  });

  it('expires after 90 days', async () => {
    const first = await login(em, s, 'adele@contoso.example');
    em.clock.advance(91 * 24 * 3600 * 1000);
    const res = await token(em, { grant_type: 'refresh_token', client_id: s.app.clientId, client_secret: s.secret.value, refresh_token: first.refresh_token });
    expect(res.body).toMatchObject({ error_codes: [700082], suberror: 'bad_token' });
  });

  it('renders injected AADSTS faults', async () => {
    em.injectFault({ endpoint: 'token', aadsts: 70008 });
    const first = await token(em, { grant_type: 'refresh_token', client_id: s.app.clientId, client_secret: s.secret.value, refresh_token: 'x' });
    expect(first.body).toMatchObject({ error: 'invalid_grant', error_codes: [70008], error_uri: 'https://login.microsoftonline.com/error?code=70008' });
    expect(em.requests({ endpoint: 'token' })[0]?.status).toBe(400);
  });
});
