import type { Kysely } from 'kysely';
import type { TokenSet } from '../core/domain.js';
import type { TokenRepository } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Vault } from '../platform/vault.js';
import { fromIso, toIso } from './column-codecs.js';
import type { AccountTokenRow, Database } from './schema.js';

/** AAD binds each token envelope to its account and column: swapped rows fail to decrypt. */
const context = (accountId: string, column: 'access_token' | 'refresh_token'): string => `account:${accountId}:${column}`;

/** One account's OAuth tokens, both vault envelopes at rest. */
export function tokenRepository(db: Kysely<Database>, vault: Vault): TokenRepository {
  return {
    async get(accountId) {
      const row = await db.selectFrom('account_tokens').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      if (!row) return null;
      return {
        accessToken: new Sensitive(vault.decrypt(row.access_token, context(accountId, 'access_token'))),
        accessTokenExpiresAt: fromIso(row.access_token_expires_at),
        refreshToken: new Sensitive(vault.decrypt(row.refresh_token, context(accountId, 'refresh_token'))),
        scope: row.scope,
        updatedAt: fromIso(row.updated_at),
      } satisfies TokenSet;
    },
    async save(accountId, tokens) {
      const { account_id, ...rest }: AccountTokenRow = {
        account_id: accountId,
        access_token: vault.encrypt(tokens.accessToken.reveal(), context(accountId, 'access_token')),
        access_token_expires_at: toIso(tokens.accessTokenExpiresAt),
        refresh_token: vault.encrypt(tokens.refreshToken.reveal(), context(accountId, 'refresh_token')),
        scope: tokens.scope,
        updated_at: toIso(tokens.updatedAt),
      };
      await db
        .insertInto('account_tokens')
        .values({ account_id, ...rest })
        .onConflict((oc) => oc.column('account_id').doUpdateSet(rest))
        .execute();
    },
    async delete(accountId) {
      await db.deleteFrom('account_tokens').where('account_id', '=', accountId).execute();
    },
  };
}
