import { createHash, randomBytes } from 'node:crypto';
import type { Emulator } from '../index.js';
import { signIn } from './sign-in-driver.js';

export const REDIRECT_URI = 'http://localhost:3000/oauth/callback';
export const SCOPES = 'openid profile email offline_access https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read';

/** A tenant with one multi-audience app (with a secret) and two users. */
export function seed(em: Emulator) {
  const tenant = em.createTenant({ domain: 'contoso.example', name: 'Contoso' });
  const app = em.createApp({ tenantId: tenant.id, displayName: 'Mailbridge', redirectUris: [REDIRECT_URI] });
  const secret = em.addSecret(app.clientId);
  const adele = em.createUser({ email: 'adele@contoso.example', displayName: 'Adele Vance' });
  const megan = em.createUser({ email: 'megan@contoso.example', displayName: 'Megan Bowen' });
  return { tenant, app, secret, adele, megan };
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(em: Emulator, params: Record<string, string>, tenant = 'common'): string {
  const url = new URL(`${em.url}/${tenant}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({ response_type: 'code', redirect_uri: REDIRECT_URI, scope: SCOPES, state: 'st-1', ...params }).toString();
  return url.toString();
}

export async function token(em: Emulator, form: Record<string, string>, tenant = 'common', headers: Record<string, string> = {}) {
  const res = await fetch(`${em.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Full interactive sign-in and code redemption; returns the token response. */
export async function login(em: Emulator, s: ReturnType<typeof seed>, account: string, scope = SCOPES) {
  const p = pkce();
  const back = await signIn(authorizeUrl(em, { client_id: s.app.clientId, code_challenge: p.challenge, code_challenge_method: 'S256', scope }), { account });
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back.toString()}`);
  const res = await token(em, {
    grant_type: 'authorization_code', client_id: s.app.clientId, client_secret: s.secret.value,
    code, redirect_uri: REDIRECT_URI, code_verifier: p.verifier,
  });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body as { access_token: string; refresh_token: string; id_token: string; scope: string };
}

export const MAIL_SCOPES = 'openid offline_access Mail.Send Mail.ReadWrite User.Read';

export async function graph(em: Emulator, path: string, accessToken: string, init: { method?: string; json?: unknown; text?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken}`, ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(init.json); }
  if (init.text !== undefined) { headers['content-type'] = 'text/plain'; body = init.text; }
  const res = await fetch(`${em.url}/v1.0${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}
