import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import { backends, postgresReachable } from './testing/store-backends.js';
import { atMigration, useDatabase } from './testing/use-database.js';
import { makeAccount, makeApp } from './testing/store-fixtures.js';

const hasPostgres = await postgresReachable();
const t = '2030-01-01T00:00:00.000Z';

/**
 * Migration 0017: accounts.user_id becomes nullable (SQLite rebuilds the table) and apps gain their
 * app-only settings. Rows from before keep everything, including what references them (tokens,
 * relay credentials cascade as before), and an organisation account (no user) can be stored.
 */
describe.each(backends(hasPostgres))('service mailboxes migration on $name', (backend) => {
  const db = useDatabase(backend);
  const test = it.skipIf(!backend.available);

  test('accounts and their tokens survive; organisation accounts and app-only settings are stored', async () => {
    const vault = new Vault([randomBytes(32)]);
    await atMigration(db.url, '0016-app-certificates', async (old) => {
      await old.insertInto('users').values({ id: 'usr', email: 'old@contoso.test', email_key: 'old@contoso.test', role: 'user', created_at: t }).execute();
      await old.insertInto('accounts').values({ id: 'acc', user_id: 'usr', email: 'old@contoso.test', sending_method: 'graph', status: 'linked', copy_to_self: 1, sender_name: 'Old', limits: '{"perMinute":5}', send_as: '["shared@contoso.test"]', created_at: t, updated_at: t }).execute();
      await old.insertInto('account_tokens').values({ account_id: 'acc', resource: 'graph', access_token: 'a', access_token_expires_at: t, refresh_token: 'r', scope: 'Mail.Send', updated_at: t }).execute();
    });
    const store = await createStore({ databaseUrl: db.url, vault });
    try {
      const old = await store.accounts.get('acc');
      expect(old).toMatchObject({ userId: 'usr', status: 'linked', sendAs: ['shared@contoso.test'], limits: { perMinute: 5 }, defaults: { senderName: 'Old', copyToSelf: true } });
      expect((await store.accounts.list({ userId: 'usr' })).map((a) => a.id)).toEqual(['acc']);
      const service = makeAccount('ignored', { userId: null, email: 'noreply@contoso.test', sendingMethod: 'graph_app' });
      await store.accounts.create(service);
      expect((await store.accounts.get(service.id))?.userId).toBeNull();
      expect((await store.accounts.list()).map((a) => a.id).sort()).toEqual(['acc', service.id].sort());
      expect((await store.accounts.list({ userId: 'usr' })).map((a) => a.id)).toEqual(['acc']);
      const app = makeApp({ scope: 'organization', appOnly: { enabled: true, tenant: 'contoso.example' } });
      await store.apps.save(app);
      expect((await store.apps.get(app.id))?.appOnly).toEqual({ enabled: true, tenant: 'contoso.example' });
      await store.apps.save({ ...app, appOnly: null });
      expect((await store.apps.get(app.id))?.appOnly).toBeNull();
      // Foreign keys still hold and still cascade.
      await expect(store.accounts.create(makeAccount('no-such-user'))).rejects.toThrow();
      expect(await store.tokens.scopes('acc')).toEqual({ graph: 'Mail.Send' });
      await store.accounts.delete('acc');
      expect(await store.tokens.scopes('acc')).toEqual({});
    } finally {
      await store.close();
    }
  });
});
