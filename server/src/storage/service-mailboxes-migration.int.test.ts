import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import { sql } from 'kysely';
import { backends, postgresReachable, sqliteBackend } from './testing/store-backends.js';
import { atMigration, useDatabase } from './testing/use-database.js';
import { makeAccount, makeApp, makeTokens } from './testing/store-fixtures.js';

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

/**
 * SQLite runs migrations without a transaction; 0017 opens its own around everything it does. A
 * broken reference that has nothing to do with accounts (an orphan session, left while foreign
 * keys were off) neither stops the rebuild nor leaves it half done: the migration completes, is
 * recorded, and the database opens again. Going down removes organisation accounts with what
 * hangs from them.
 */
describe('service mailboxes migration on sqlite, with an unrelated broken reference', () => {
  const db = useDatabase(sqliteBackend());

  it('migrates, opens again, and goes down without orphans', async () => {
    const vault = new Vault([randomBytes(32)]);
    await atMigration(db.url, '0016-app-certificates', async (old) => {
      await old.insertInto('users').values({ id: 'usr', email: 'old@contoso.test', email_key: 'old@contoso.test', role: 'user', created_at: t }).execute();
      await old.insertInto('accounts').values({ id: 'acc', user_id: 'usr', email: 'old@contoso.test', sending_method: 'graph', status: 'linked', copy_to_self: 0, send_as: '[]', created_at: t, updated_at: t }).execute();
      await sql`pragma foreign_keys = off`.execute(old);
      await old.insertInto('sessions').values({ id_hash: 'orphan', user_id: 'gone', scope: 'full', created_at: t, last_seen_at: t, expires_at: t }).execute();
      await sql`pragma foreign_keys = on`.execute(old);
    });
    const first = await createStore({ databaseUrl: db.url, vault });
    const service = makeAccount('ignored', { userId: null, email: 'noreply@contoso.test', sendingMethod: 'graph_app' });
    try {
      expect((await first.accounts.get('acc'))?.userId).toBe('usr');
      await first.accounts.create(service);
      await first.tokens.save(service.id, makeTokens());
    } finally {
      await first.close();
    }
    const again = await createStore({ databaseUrl: db.url, vault });
    try {
      expect((await again.accounts.get(service.id))?.userId).toBeNull();
    } finally {
      await again.close();
    }
    await atMigration(db.url, '0016-app-certificates', async (old) => {
      expect((await old.selectFrom('accounts').select('id').execute()).map((r) => r.id)).toEqual(['acc']);
      expect(await old.selectFrom('account_tokens').select('account_id').where('account_id', '=', service.id).execute()).toEqual([]);
      const columns = await sql<{ name: string }>`select name from pragma_table_info('microsoft_apps')`.execute(old);
      expect(columns.rows.map((r) => r.name)).not.toContain('app_only_enabled');
      // The orphan session is still there (not this migration's to judge), and nothing else broke.
      expect((await sql`pragma foreign_key_check`.execute(old)).rows).toEqual([expect.objectContaining({ table: 'sessions' })]);
    });
  });
});
