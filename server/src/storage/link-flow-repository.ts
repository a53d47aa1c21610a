import type { Kysely, Selectable } from 'kysely';
import type { LinkFlow } from '../core/domain.js';
import type { LinkFlowRepository } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Vault } from '../platform/vault.js';
import { fromIso, fromIsoOrNull, toIso, toIsoOrNull } from './column-codecs.js';
import type { Database, LinkFlowRow } from './schema.js';

const verifierContext = (state: string): string => `link:${state}:code_verifier`;

const toRow = (flow: LinkFlow, vault: Vault): LinkFlowRow => ({
  state: flow.state,
  account_id: flow.accountId,
  app_key: flow.appKey,
  code_verifier: vault.encrypt(flow.codeVerifier.reveal(), verifierContext(flow.state)),
  ticket_hash: flow.ticketHash,
  browser_key_hash: flow.browserKeyHash,
  session_hash: flow.sessionHash,
  redirect_uri: flow.redirectUri,
  created_at: toIso(flow.createdAt),
  expires_at: toIso(flow.expiresAt),
  used_at: toIsoOrNull(flow.usedAt),
});

const fromRow = (row: Selectable<LinkFlowRow>, vault: Vault): LinkFlow => ({
  state: row.state,
  accountId: row.account_id,
  appKey: row.app_key,
  codeVerifier: new Sensitive(vault.decrypt(row.code_verifier, verifierContext(row.state))),
  ticketHash: row.ticket_hash,
  browserKeyHash: row.browser_key_hash,
  sessionHash: row.session_hash ?? null,
  redirectUri: row.redirect_uri,
  createdAt: fromIso(row.created_at),
  expiresAt: fromIso(row.expires_at),
  usedAt: fromIsoOrNull(row.used_at),
});

/**
 * OAuth link attempts. The single-use steps are one conditional UPDATE each, so two racing
 * requests cannot both win: the database decides, in either engine, and we read the row count.
 */
export function linkFlowRepository(db: Kysely<Database>, vault: Vault): LinkFlowRepository {
  return {
    async create(flow) {
      await db.insertInto('link_flows').values(toRow(flow, vault)).execute();
    },
    async findByState(state) {
      const row = await db.selectFrom('link_flows').selectAll().where('state', '=', state).executeTakeFirst();
      return row ? fromRow(row, vault) : null;
    },
    async findByTicketHash(ticketHash) {
      const row = await db.selectFrom('link_flows').selectAll().where('ticket_hash', '=', ticketHash).executeTakeFirst();
      return row ? fromRow(row, vault) : null;
    },
    async bindBrowser(state, browserKeyHash) {
      const result = await db
        .updateTable('link_flows')
        .set({ browser_key_hash: browserKeyHash })
        .where('state', '=', state)
        .where('browser_key_hash', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async markUsed(state, at) {
      const result = await db.updateTable('link_flows').set({ used_at: toIso(at) }).where('state', '=', state).where('used_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async deleteExpired(before) {
      const result = await db.deleteFrom('link_flows').where('expires_at', '<', toIso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
