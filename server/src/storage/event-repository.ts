import type { Kysely } from 'kysely';
import { APP_EVENT_TYPES, type DomainEvent } from '../core/events/domain-event.js';
import type { EventRepository } from '../core/ports.js';
import { newTimeOrderedId } from '../core/random-token.js';
import { fromIso, toIso } from './column-codecs.js';
import { compiledInsert, compiledOnce } from './compiled-once.js';
import type { Database, EventRow } from './schema.js';

const fromRow = (r: EventRow): DomainEvent => ({
  id: r.id,
  type: r.type as DomainEvent['type'],
  accountId: r.account_id,
  ...(r.message_id ? { messageId: r.message_id } : {}),
  sequence: r.sequence === null ? null : Number(r.sequence),
  data: JSON.parse(r.data) as Record<string, unknown>,
  at: fromIso(r.created_at),
});

/** The account's next event number (the counter row made at 1, or bumped). */
const nextSequence = compiledOnce<{ last: number | string }>(1, (db, accountId) =>
  db.insertInto('event_sequences').values({ account_id: accountId, last: 1 })
    .onConflict((oc) => oc.column('account_id').doUpdateSet((eb) => ({ last: eb('event_sequences.last', '+', 1) })))
    .returning('last'));

const insertEvent = compiledInsert('events', ['id', 'account_id', 'sequence', 'type', 'message_id', 'data', 'created_at']);

/**
 * Events, numbered per account. The counter row is bumped with one upsert that returns the new
 * value: on PostgreSQL the row stays locked until the surrounding transaction commits, so two
 * transactions of one account get consecutive numbers in commit order. Both statements run for
 * every message accepted: compiled once (compiled-once.ts).
 */
export function eventRepository(db: Kysely<Database>): EventRepository {
  return {
    async append(e) {
      // App events (and any without an account) take no number: the sequence is the account's.
      const sequenced = e.accountId !== null && !APP_EVENT_TYPES.has(e.type);
      const last = sequenced ? Number((await nextSequence(db, e.accountId)).rows[0]!.last) : null;
      const row: EventRow = { id: newTimeOrderedId(), account_id: e.accountId, sequence: last, type: e.type, message_id: e.messageId ?? null, data: JSON.stringify(e.data), created_at: toIso(e.at) };
      await insertEvent(db, row);
      return fromRow(row);
    },
    async listForMessage(messageId) {
      const rows = await db.selectFrom('events').selectAll().where('message_id', '=', messageId).orderBy('sequence').execute();
      return rows.map(fromRow);
    },
    async listForAccount(accountId, afterSequence, limit) {
      const rows = await db.selectFrom('events').selectAll().where('account_id', '=', accountId).where('sequence', '>', afterSequence).orderBy('sequence').limit(limit).execute();
      return rows.map(fromRow);
    },
  };
}
