import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { graph, login, token } from '../testing/fixtures.js';
import { useSeededEmulator, type SeededEmulator } from '../testing/use-emulator.js';
import { ACCESS_POLICY_BLOCKED } from './app-only-access.js';

let em: Emulator;
let s: SeededEmulator['s'];
const seeded = useSeededEmulator();
beforeEach(() => {
  ({ em, s } = seeded);
  em.createUser({ email: 'noreply@contoso.example', displayName: 'No Reply' });
});

async function appToken(): Promise<string> {
  const res = await token(em, {
    grant_type: 'client_credentials', client_id: s.app.clientId, client_secret: s.secret.value, scope: 'https://graph.microsoft.com/.default',
  }, s.tenant.id);
  return res.body.access_token as string;
}
const mail = (marker: string) => ({
  message: {
    subject: marker, body: { contentType: 'Text', content: 'x' }, toRecipients: [{ emailAddress: { address: 'megan@contoso.example' } }],
    internetMessageHeaders: [{ name: 'X-Mailbridge-Test-Marker', value: marker }],
  },
});
const send = async (mailbox: string, at: string, marker = 'm') => graph(em, `/users/${encodeURIComponent(mailbox)}/sendMail`, at, { json: mail(marker) });
const DENIED = { error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' } };

describe('app-only Graph access', () => {
  it('sends as any mailbox with the Mail.Send application permission, by UPN or id', async () => {
    em.grantAppPermissions({ clientId: s.app.clientId, permissions: ['Mail.Send'] });
    const at = await appToken();
    expect((await send('noreply@contoso.example', at, 'a1')).status).toBe(202);
    expect((await send(s.adele.id, at, 'a2')).status).toBe(202);
    expect(em.accepted().map((a) => [a.mailbox, a.via, a.marker, a.from])).toEqual([
      ['noreply@contoso.example', 'sendMail', 'a1', 'noreply@contoso.example'],
      ['adele@contoso.example', 'sendMail', 'a2', 'adele@contoso.example'],
    ]);
    expect(em.mailbox('megan@contoso.example').inbox).toHaveLength(2);
    expect(em.mailbox('noreply@contoso.example').sentItems).toHaveLength(1);
  });

  it('refuses every mailbox without a permission, /me, unknown users and other tenants', async () => {
    const at = await appToken();
    for (const box of ['noreply@contoso.example', 'adele@contoso.example']) expect((await send(box, at)).json).toMatchObject(DENIED);
    expect((await send('noreply@contoso.example', at)).status).toBe(403);
    const me = await graph(em, '/me/sendMail', at, { json: mail('x') });
    expect(me).toMatchObject({ status: 400, json: { error: { code: 'BadRequest', message: '/me request is only valid with delegated authentication flow.' } } });
    expect((await graph(em, '/me', at)).status).toBe(400);
    const ghost = await send('ghost@contoso.example', at);
    expect(ghost).toMatchObject({ status: 404, json: { error: { code: 'ErrorInvalidUser', message: "The requested user 'ghost@contoso.example' is invalid." } } });
    em.createTenant({ domain: 'fabrikam.example' });
    em.createUser({ email: 'bob@fabrikam.example' });
    expect((await send('bob@fabrikam.example', at)).status).toBe(404);
  });

  it('limits an app to the mailboxes of its Exchange role assignment (RBAC for Applications)', async () => {
    em.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.Send', mailboxes: ['noreply@contoso.example'] });
    const at = await appToken();
    expect((await send('noreply@contoso.example', at)).status).toBe(202);
    expect(await send('adele@contoso.example', at)).toMatchObject({ status: 403, json: DENIED });
    // An unscoped Entra grant adds to it: every mailbox again.
    em.grantAppPermissions({ clientId: s.app.clientId, permissions: ['Mail.Send'] });
    expect((await send('adele@contoso.example', await appToken())).status).toBe(202);
  });

  it('applies application access policies to Entra permissions', async () => {
    em.grantAppPermissions({ clientId: s.app.clientId, permissions: ['Mail.Send'] });
    const policy = em.addApplicationAccessPolicy({ clientId: s.app.clientId, accessRight: 'RestrictAccess', mailboxes: ['noreply@contoso.example'] });
    const at = await appToken();
    expect((await send('noreply@contoso.example', at)).status).toBe(202);
    expect(await send('adele@contoso.example', at)).toMatchObject({ status: 403, json: { error: { code: 'ErrorAccessDenied', message: ACCESS_POLICY_BLOCKED } } });
    em.removeApplicationAccessPolicy(policy.id);
    em.addApplicationAccessPolicy({ clientId: s.app.clientId, accessRight: 'DenyAccess', mailboxes: ['noreply@contoso.example'] });
    expect((await send('noreply@contoso.example', at)).status).toBe(403);
    expect((await send('adele@contoso.example', at)).status).toBe(202);
  });

  it('creates and sends drafts in a scoped mailbox with Application Mail.ReadWrite', async () => {
    em.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.Send', mailboxes: ['noreply@contoso.example'] });
    const at = await appToken();
    const noDraft = await graph(em, '/users/noreply@contoso.example/messages', at, { json: mail('d').message });
    expect(noDraft).toMatchObject({ status: 403, json: DENIED });
    em.assignExchangeRole({ clientId: s.app.clientId, role: 'Application Mail.ReadWrite', mailboxes: ['noreply@contoso.example'] });
    const draft = await graph(em, '/users/noreply@contoso.example/messages', at, { json: { ...mail('d').message, internetMessageId: '<d1@contoso.example>' } });
    expect(draft.status).toBe(201);
    const sent = await graph(em, `/users/noreply@contoso.example/messages/${draft.json?.id as string}/send`, at, { method: 'POST' });
    expect(sent.status).toBe(202);
    expect(em.accepted()).toMatchObject([{ mailbox: 'noreply@contoso.example', via: 'draft', internetMessageId: '<d1@contoso.example>' }]);
    expect((await graph(em, '/users/adele@contoso.example/messages', at, { json: mail('d').message })).status).toBe(403);
  });

  it('faults by the mailbox the URL names', async () => {
    em.grantAppPermissions({ clientId: s.app.clientId, permissions: ['Mail.Send'] });
    em.injectFault({ endpoint: 'sendMail', mailbox: 'noreply@contoso.example', graphError: 'ServiceUnavailable' });
    const at = await appToken();
    expect((await send('adele@contoso.example', at)).status).toBe(202);
    expect((await send('noreply@contoso.example', at)).status).toBe(503);
  });

  it('lets a signed-in user send through /users/{other} only as a mailbox it may send as, with Mail.Send.Shared', async () => {
    em.updateUser('adele@contoso.example', { sendAs: ['noreply@contoso.example'] });
    const plain = await login(em, s, 'adele@contoso.example', 'openid offline_access Mail.Send');
    expect((await send('adele@contoso.example', plain.access_token)).status).toBe(202);
    expect((await send('noreply@contoso.example', plain.access_token)).status).toBe(403);
    const shared = await login(em, s, 'adele@contoso.example', 'openid offline_access Mail.Send Mail.Send.Shared');
    expect((await send('noreply@contoso.example', shared.access_token, 's1')).status).toBe(202);
    expect((await send('megan@contoso.example', shared.access_token)).status).toBe(403);
    expect(em.accepted({ marker: 's1' })).toMatchObject([{ mailbox: 'adele@contoso.example', from: 'noreply@contoso.example' }]);
  });

  it('is scripted over HTTP too', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${em.url}/_emulator${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: (res.status === 204 ? undefined : await res.json()) as Record<string, any> };
    };
    const role = await call('POST', '/exchange/role-assignments', { clientId: s.app.clientId, role: 'Application Mail.Send', mailboxes: ['NoReply@contoso.example'] });
    expect(role).toMatchObject({ status: 201, json: { role: 'Application Mail.Send', mailboxes: ['noreply@contoso.example'], tenantId: s.tenant.id } });
    expect((await call('POST', '/exchange/role-assignments', { clientId: s.app.clientId, role: 'Mail.Send' })).status).toBe(400);
    expect((await send('noreply@contoso.example', await appToken())).status).toBe(202);
    expect((await call('DELETE', `/exchange/role-assignments/${role.json.id}`)).status).toBe(204);
    expect((await call('POST', '/app-permissions', { clientId: s.app.clientId, permissions: ['Mail.Send'] })).status).toBe(204);
    const policy = await call('POST', '/exchange/access-policies', { clientId: s.app.clientId, accessRight: 'DenyAccess', mailboxes: ['adele@contoso.example'] });
    expect(policy.status).toBe(201);
    const at = await appToken();
    expect((await send('adele@contoso.example', at)).status).toBe(403);
    expect((await call('DELETE', `/exchange/access-policies/${policy.json.id}`)).status).toBe(204);
    expect((await send('adele@contoso.example', at)).status).toBe(202);
    expect((await call('POST', '/app-permissions/revoke', { clientId: s.app.clientId })).status).toBe(204);
    expect((await send('adele@contoso.example', await appToken())).status).toBe(403);
  });
});
