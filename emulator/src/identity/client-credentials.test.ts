import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { token } from '../testing/fixtures.js';
import { useSeededEmulator, type SeededEmulator } from '../testing/use-emulator.js';

let em: Emulator;
let s: SeededEmulator['s'];
const seeded = useSeededEmulator();
beforeEach(() => {
  ({ em, s } = seeded);
});

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';
const appOnly = (extra: Record<string, string> = {}, tenant = s.tenant.id) =>
  token(em, { grant_type: 'client_credentials', client_id: s.app.clientId, client_secret: s.secret.value, scope: GRAPH_DEFAULT, ...extra }, tenant);

describe('client credentials grant', () => {
  it('issues an app-only JWT with roles and no scp, refresh token or id_token', async () => {
    em.grantAppPermissions({ clientId: s.app.clientId, permissions: ['Mail.Send', 'Mail.ReadWrite'] });
    const res = await appOnly({}, 'contoso.example');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    const c = claims(res.body.access_token as string);
    expect(c).toMatchObject({ aud: 'https://graph.microsoft.com', tid: s.tenant.id, appid: s.app.clientId, appidacr: '1', idtyp: 'app', roles: ['Mail.Send', 'Mail.ReadWrite'] });
    expect(c.scp).toBeUndefined();
    expect(c.oid).toBe(c.sub);
  });

  it('still issues a token without roles when nothing was consented', async () => {
    const res = await appOnly();
    expect(res.status).toBe(200);
    expect(claims(res.body.access_token as string).roles).toBeUndefined();
  });

  it('refuses tenant-less paths, bad scopes, bad secrets and unknown apps', async () => {
    for (const path of ['common', 'organizations']) {
      const res = await appOnly({}, path);
      expect(res).toMatchObject({ status: 400, body: { error: 'invalid_request', error_codes: [50059] } });
      expect(res.body.error_description).toMatch(/^AADSTS50059: No tenant-identifying information found in either the request or implied by any provided credentials\.\r\n/);
    }
    expect((await appOnly({}, 'consumers')).body.error_codes).toEqual([9001023]);
    const scope = await appOnly({ scope: 'https://graph.microsoft.com/Mail.Send' });
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope', error_codes: [1002012] } });
    expect(scope.body.error_description).toContain('The provided value for scope https://graph.microsoft.com/Mail.Send is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).');
    expect((await appOnly({ scope: '' })).body.error_codes).toEqual([900144]);
    expect((await appOnly({ scope: 'https://nowhere.example/.default' })).body.error_codes).toEqual([500011]);
    expect(await appOnly({ client_secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000215] } });
    const unknown = await appOnly({ client_id: '11111111-2222-3333-4444-555555555555' });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'unauthorized_client', error_codes: [700016] } });
  });

  it('needs a service principal (some consent) in a tenant other than the app\'s own', async () => {
    const other = em.createTenant({ domain: 'fabrikam.example' });
    expect((await appOnly({}, other.id)).body.error_codes).toEqual([700016]);
    em.grantAppPermissions({ clientId: s.app.clientId, permissions: ['Mail.Send'], tenantId: other.id });
    const res = await appOnly({}, 'fabrikam.example');
    expect(res.status).toBe(200);
    expect(claims(res.body.access_token as string)).toMatchObject({ tid: other.id, roles: ['Mail.Send'] });
    // The home tenant's token does not carry the other tenant's roles.
    expect(claims((await appOnly()).body.access_token as string).roles).toBeUndefined();
  });

  it('drops roles from new tokens once revoked, and restores them from a snapshot', async () => {
    em.grantAppPermissions({ clientId: s.app.clientId, permissions: ['Mail.Send'] });
    const snap = em.snapshot();
    em.revokeAppPermissions({ clientId: s.app.clientId });
    expect(claims((await appOnly()).body.access_token as string).roles).toBeUndefined();
    em.restore(snap);
    expect(claims((await appOnly()).body.access_token as string).roles).toEqual(['Mail.Send']);
  });
});
