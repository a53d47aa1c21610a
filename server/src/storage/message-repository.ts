import type { Kysely, Selectable } from 'kysely';
import type { MessageRecord } from '../core/domain.js';
import type { MessageRepository } from '../core/ports.js';
import { fromIso, problemFromText, problemToText, toIso } from './column-codecs.js';
import type { Database, MessageRow } from './schema.js';

const toRow = (m: MessageRecord): MessageRow => ({
  id: m.id,
  account_id: m.accountId,
  status: m.status,
  recipient_count: m.recipientCount,
  error: problemToText(m.error),
  created_at: toIso(m.createdAt),
});

const fromRow = (row: Selectable<MessageRow>): MessageRecord => ({
  id: row.id,
  accountId: row.account_id,
  status: row.status as MessageRecord['status'],
  recipientCount: Number(row.recipient_count),
  error: problemFromText(row.error),
  createdAt: fromIso(row.created_at),
});

/** Records of messages handed to Microsoft (never their content). */
export function messageRepository(db: Kysely<Database>): MessageRepository {
  return {
    async create(record) {
      await db.insertInto('messages').values(toRow(record)).execute();
    },
    async get(id) {
      const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
  };
}
