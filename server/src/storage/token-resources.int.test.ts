import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sensitive } from '../core/sensitive.js';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import { backends, postgresReachable } from './testing/store-backends.js';
import { atMigration, useDatabase } from './testing/use-database.js';

const hasPostgres = await postgresReachable();
const t = '2030-01-01T00:00:00.000Z';

/** Migration 0012: tokens per account and resource; rows from before become Graph's and still decrypt. */
describe.each(backends(hasPostgres))('token resources on $name', (backend) => {
  const db = useDatabase(backend);
  const test = it.skipIf(!backend.available);

  test("an account linked before 0012 keeps its token as Graph's; a second resource shares the newest refresh token", async () => {
    const vault = new Vault([randomBytes(32)]);
    await atMigration(db.url, '0011-attachments', async (old) => {
      await old.insertInto('users').values({ id: 'usr', email: 'old@contoso.test', email_key: 'old@contoso.test', role: 'user', created_at: t }).execute();
      await old.insertInto('accounts').values({ id: 'acc', user_id: 'usr', email: 'old@contoso.test', sending_method: 'graph', status: 'linked', copy_to_self: 0, created_at: t, updated_at: t }).execute();
      await old.insertInto('account_tokens').values({
        account_id: 'acc',
        access_token: vault.encrypt('old-access', 'account:acc:access_token'),
        access_token_expires_at: t,
        refresh_token: vault.encrypt('old-refresh', 'account:acc:refresh_token'),
        scope: 'User.Read Mail.Send',
        updated_at: t,
      }).execute();
    });
    const store = await createStore({ databaseUrl: db.url, vault });
    try {
      const graph = await store.tokens.get('acc');
      expect(graph?.accessToken.reveal()).toBe('old-access');
      expect(graph?.refreshToken.reveal()).toBe('old-refresh');
      expect(await store.tokens.get('acc', 'outlook')).toBeNull();
      expect((await store.accounts.get('acc'))?.sendAs).toEqual([]);

      const later = new Date('2030-01-02T00:00:00.000Z');
      await store.tokens.save('acc', { accessToken: new Sensitive('outlook-access'), accessTokenExpiresAt: later, refreshToken: new Sensitive('newer-refresh'), scope: 'https://outlook.office.com/SMTP.Send', updatedAt: later }, 'outlook');
      const outlook = await store.tokens.get('acc', 'outlook');
      expect(outlook?.accessToken.reveal()).toBe('outlook-access');
      const graphAfter = await store.tokens.get('acc', 'graph');
      // Graph's access token is untouched; the refresh token and its last use are the newest.
      expect(graphAfter?.accessToken.reveal()).toBe('old-access');
      expect(graphAfter?.refreshToken.reveal()).toBe('newer-refresh');
      expect(graphAfter?.updatedAt).toEqual(later);
      expect(await store.tokens.scopes('acc')).toEqual({ graph: 'User.Read Mail.Send', outlook: 'https://outlook.office.com/SMTP.Send' });

      await store.tokens.delete('acc');
      expect(await store.tokens.scopes('acc')).toEqual({});
    } finally {
      await store.close();
    }
  });
});
