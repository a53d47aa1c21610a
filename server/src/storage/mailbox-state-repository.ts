import type { Kysely } from 'kysely';
import type { MailboxSyncStatus } from '@mailbridge/contract';
import type { MailboxStateRepository } from '../core/ports.js';
import { mailboxOff, type MailboxSyncState } from '../core/mailbox/mailbox-sync-state.js';
import { fromIso, fromIsoOrNull, problemFromText, problemToText, toIso, toIsoOrNull } from './column-codecs.js';
import type { Database, MailboxStateRow } from './schema.js';

const fromRow = (r: MailboxStateRow): MailboxSyncState => ({
  accountId: r.account_id,
  reading: r.reading === 1,
  status: r.status as MailboxSyncStatus,
  done: Number(r.done),
  total: Number(r.total),
  lastSyncAt: fromIsoOrNull(r.last_sync_at),
  lastError: problemFromText(r.last_error),
  cursor: r.cursor,
  updatedAt: fromIso(r.updated_at),
});

/** The columns a patch changes (undefined keys change nothing). */
function columns(patch: Partial<MailboxSyncState>): Partial<MailboxStateRow> {
  const c: Partial<MailboxStateRow> = {};
  if (patch.reading !== undefined) c.reading = patch.reading ? 1 : 0;
  if (patch.status !== undefined) c.status = patch.status;
  if (patch.done !== undefined) c.done = patch.done;
  if (patch.total !== undefined) c.total = patch.total;
  if (patch.lastSyncAt !== undefined) c.last_sync_at = toIsoOrNull(patch.lastSyncAt);
  if (patch.lastError !== undefined) c.last_error = problemToText(patch.lastError);
  if (patch.cursor !== undefined) c.cursor = patch.cursor;
  return c;
}

/** Mailbox reading and sync progress (migration 0013), one row per account, made on first change. */
export function mailboxStateRepository(db: Kysely<Database>): MailboxStateRepository {
  return {
    async get(accountId) {
      const row = await db.selectFrom('mailbox_state').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async update(accountId, patch, at) {
      const changes = { ...columns(patch), updated_at: toIso(at) };
      const fresh = { account_id: accountId, ...columns(mailboxOff(accountId, at)), updated_at: toIso(at) } as MailboxStateRow;
      await db
        .insertInto('mailbox_state')
        .values({ ...fresh, ...changes })
        .onConflict((oc) => oc.column('account_id').doUpdateSet(changes))
        .execute();
    },
    async listReading() {
      const rows = await db.selectFrom('mailbox_state').selectAll().where('reading', '=', 1).orderBy('account_id').execute();
      return rows.map(fromRow);
    },
  };
}
