import type { Kysely, Selectable } from 'kysely';
import type { RelayCredentialRepository } from '../core/ports.js';
import type { RelayCredential } from '../core/relay/relay-credential.js';
import { accountFromRow } from './account-repository.js';
import { compiledOnce } from './compiled-once.js';
import { fromIso, fromIsoOrNull, toIso, toIsoOrNull } from './column-codecs.js';
import { keysetPage } from './keyset-page.js';
import type { Database, RelayCredentialRow } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

const toRow = (c: RelayCredential): RelayCredentialRow => ({
  id: c.id,
  account_id: c.accountId,
  username: c.username,
  password_hash: c.passwordHash,
  description: c.description,
  allowed_networks: JSON.stringify(c.allowedNetworks),
  bounces: c.bounces ? 1 : 0,
  created_at: toIso(c.createdAt),
  last_used_at: toIsoOrNull(c.lastUsedAt),
});

const fromRow = (r: Selectable<RelayCredentialRow>): RelayCredential => ({
  id: r.id,
  accountId: r.account_id,
  username: r.username,
  passwordHash: r.password_hash,
  description: r.description,
  allowedNetworks: JSON.parse(r.allowed_networks) as string[],
  bounces: Number(r.bounces) === 1,
  createdAt: fromIso(r.created_at),
  lastUsedAt: fromIsoOrNull(r.last_used_at),
});

/** A credential with its account and whether the account's owner is disabled: read for every relayed message, so compiled once. */
const senderOf = compiledOnce(1, (db, credentialId) =>
  db.selectFrom('relay_credentials')
    .innerJoin('accounts', 'accounts.id', 'relay_credentials.account_id')
    .leftJoin('users', 'users.id', 'accounts.user_id')
    .selectAll('accounts')
    .select(['relay_credentials.id as credential_id', 'relay_credentials.username as credential_username', 'relay_credentials.bounces as credential_bounces', 'users.disabled_at as owner_disabled_at'])
    .where('relay_credentials.id', '=', credentialId));

/** The relay's credentials (migration 0014); an account's go with it (ON DELETE CASCADE). */
export function relayCredentialRepository(db: Kysely<Database>): RelayCredentialRepository {
  return {
    async create(c) {
      try {
        await db.insertInto('relay_credentials').values(toRow(c)).execute();
        return 'created';
      } catch (e) {
        if (isUniqueViolation(e, ['relay_credentials_username', 'relay_credentials.username'])) return 'username_taken';
        throw e;
      }
    },
    async findByUsername(username) {
      const r = await db.selectFrom('relay_credentials').selectAll().where('username', '=', username).executeTakeFirst();
      return r ? fromRow(r) : null;
    },
    async findSender(credentialId) {
      const r = (await senderOf(db, credentialId)).rows[0];
      if (!r) return null;
      const { credential_id: id, credential_username: username, credential_bounces: bounces, owner_disabled_at: ownerDisabledAt, ...account } = r;
      return { credential: { id, username, bounces: Number(bounces) === 1 }, account: accountFromRow(account), ownerDisabled: ownerDisabledAt !== null };
    },
    async listByAccount(accountId, page) {
      return keysetPage(db.selectFrom('relay_credentials').selectAll().where('account_id', '=', accountId), page, fromRow);
    },
    async delete(accountId, id) {
      const r = await db.deleteFrom('relay_credentials').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async setLastUsed(id, at) {
      await db.updateTable('relay_credentials').set({ last_used_at: toIso(at) }).where('id', '=', id).execute();
    },
  };
}
