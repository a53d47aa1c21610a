import type { Kysely } from 'kysely';
import type { TokenResource, TokenSet } from '../core/domain.js';
import type { TokenRepository } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Vault } from '../platform/vault.js';
import { fromIso, toIso } from './column-codecs.js';
import type { AccountTokenRow, Database } from './schema.js';

/**
 * AAD binds each token envelope to its account, resource and column: swapped rows fail to
 * decrypt. Graph's access tokens keep the context they had before tokens were per resource
 * (migration 0012 copied them); every row of an account holds the same refresh token.
 */
const accessContext = (accountId: string, resource: TokenResource): string =>
  resource === 'graph' ? `account:${accountId}:access_token` : `account:${accountId}:${resource}:access_token`;
const refreshContext = (accountId: string): string => `account:${accountId}:refresh_token`;

/** An account's OAuth tokens, one row per resource, every token a vault envelope at rest. */
export function tokenRepository(db: Kysely<Database>, vault: Vault): TokenRepository {
  return {
    async get(accountId, resource = 'graph') {
      const row = await db.selectFrom('account_tokens').selectAll().where('account_id', '=', accountId).where('resource', '=', resource).executeTakeFirst();
      if (!row) return null;
      return {
        accessToken: new Sensitive(vault.decrypt(row.access_token, accessContext(accountId, resource))),
        accessTokenExpiresAt: fromIso(row.access_token_expires_at),
        refreshToken: new Sensitive(vault.decrypt(row.refresh_token, refreshContext(accountId))),
        scope: row.scope,
        updatedAt: fromIso(row.updated_at),
      } satisfies TokenSet;
    },
    async scopes(accountId) {
      const rows = await db.selectFrom('account_tokens').select(['resource', 'scope']).where('account_id', '=', accountId).execute();
      return Object.fromEntries(rows.map((r) => [r.resource, r.scope]));
    },
    async save(accountId, tokens, resource = 'graph') {
      const refreshToken = vault.encrypt(tokens.refreshToken.reveal(), refreshContext(accountId));
      const updatedAt = toIso(tokens.updatedAt);
      const { account_id, resource: r, ...rest }: AccountTokenRow = {
        account_id: accountId,
        resource,
        access_token: vault.encrypt(tokens.accessToken.reveal(), accessContext(accountId, resource)),
        access_token_expires_at: toIso(tokens.accessTokenExpiresAt),
        refresh_token: refreshToken,
        scope: tokens.scope,
        updated_at: updatedAt,
      };
      await db
        .insertInto('account_tokens')
        .values({ account_id, resource: r, ...rest })
        .onConflict((oc) => oc.columns(['account_id', 'resource']).doUpdateSet(rest))
        .execute();
      // Both resources rotate one refresh token: the newest is every row's, and so is its last use.
      await db.updateTable('account_tokens').set({ refresh_token: refreshToken, updated_at: updatedAt }).where('account_id', '=', accountId).where('resource', '<>', resource).execute();
    },
    async delete(accountId) {
      await db.deleteFrom('account_tokens').where('account_id', '=', accountId).execute();
    },
  };
}
