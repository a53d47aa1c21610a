import { afterAll, expect, it } from 'vitest';
import { startEmulator } from '../index.js';

const em$ = startEmulator();
afterAll(async () => (await em$).close());

it('scripts the emulator over HTTP', async () => {
  const em = await em$;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${em.url}/_emulator${path}`, {
      method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (res.status === 204 ? undefined : await res.json()) as any };
  };
  const tenant = await call('POST', '/tenants', { domain: 'http.example' });
  expect(tenant.status).toBe(201);
  const app = await call('POST', '/apps', { tenantId: tenant.json.id, redirectUris: ['http://x/cb'] });
  const secret = await call('POST', `/apps/${app.json.clientId}/secrets`, {});
  expect(secret.json.value).toContain('~');
  expect(secret.json.id).toMatch(/^[0-9a-f-]{36}$/);
  expect((await call('POST', '/users', { email: 'u@http.example' })).status).toBe(201);
  expect((await call('PATCH', '/users/u@http.example', { mfaRequired: true })).status).toBe(204);
  expect((await call('POST', '/users', { nope: 1 })).status).toBe(400);
  const before = (await call('GET', '/clock')).json.now;
  expect((await call('POST', '/clock/advance', { ms: 60_000 })).json.now).toBeGreaterThanOrEqual(before + 60_000);
  expect((await call('POST', '/faults', { endpoint: 'me', status: 503, body: { x: 1 } })).status).toBe(204);
  const faulted = await fetch(`${em.url}/v1.0/me`);
  expect(faulted.status).toBe(503);
  expect((await call('GET', '/requests?endpoint=me')).json).toHaveLength(1);
  expect((await call('GET', '/mailboxes/u@http.example')).json).toEqual({ inbox: [], sentItems: [], drafts: [], deletedItems: [], junkEmail: [], archive: [], folders: [] });
  expect((await call('POST', '/reset')).status).toBe(204);
});
