import { sql, type Kysely } from 'kysely';
import type { OutboxRepository } from '../core/ports.js';
import { WAITING_STATUSES } from '../core/outbox/outbox-message.js';
import type { Vault } from '../platform/vault.js';
import { problemToText, toIso } from './column-codecs.js';
import { keysetPage } from './keyset-page.js';
import { OUTBOX_COLUMNS, outboxFromRow, outboxPatchToRow, outboxToRow } from './outbox-codecs.js';
import { compiledInsert } from './compiled-once.js';
import type { Database } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

const waiting = [...WAITING_STATUSES];

/** Every accepted message is one of these: compiled once (compiled-once.ts). */
const insertOutbox = compiledInsert('outbox', OUTBOX_COLUMNS);

/** Leases taken by claims of one process: their owner is `<process id>:<claim nonce>`. */
const ownedBy = (prefix: string) => sql<boolean>`substr(lease_owner, 1, ${prefix.length + 1}) = ${`${prefix}:`}`;

/**
 * The outbox table. Claims are made by the worker inside a transaction (core/outbox/claim.ts):
 * `claimable` takes row locks with SKIP LOCKED on PostgreSQL, so instances claim disjoint rows;
 * SQLite has one writer at a time anyway.
 */
export function outboxRepository(db: Kysely<Database>, vault: Vault, o: { postgres: boolean }): OutboxRepository {
  const light = (row: Parameters<typeof outboxFromRow>[1]) => outboxFromRow(vault, row, false);
  return {
    async insert(message) {
      try {
        await insertOutbox(db, outboxToRow(vault, message));
        return 'inserted';
      } catch (e) {
        if (isUniqueViolation(e, ['outbox_idempotency', 'outbox.idempotency_key'])) return 'duplicate';
        throw e;
      }
    },
    async get(id, opts = {}) {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? outboxFromRow(vault, row, opts.withContent ?? true) : null;
    },
    async findByIdempotencyKey(userId, accountId, key) {
      const row = await db.selectFrom('outbox').selectAll().where('user_id', '=', userId).where('account_id', '=', accountId).where('idempotency_key', '=', key).executeTakeFirst();
      return row ? light(row) : null;
    },
    async update(id, patch, expect = {}) {
      let q = db.updateTable('outbox').set(outboxPatchToRow(vault, id, patch)).where('id', '=', id);
      if (expect.statuses) q = q.where('status', 'in', [...expect.statuses]);
      if (expect.leaseOwner !== undefined) q = q.where('lease_owner', '=', expect.leaseOwner);
      if (expect.sendNotStarted) q = q.where('send_started_at', 'is', null);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async listPage(filter, page) {
      let q = db.selectFrom('outbox').selectAll();
      if (filter.accountId !== undefined) q = q.where('account_id', '=', filter.accountId);
      if (filter.ownerUserId !== undefined) q = q.where('account_id', 'in', db.selectFrom('accounts').select('id').where('user_id', '=', filter.ownerUserId));
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      return keysetPage(q, page, light, 'desc');
    },
    async dueAccounts(now, limit) {
      const at = toIso(now);
      // From the accounts side, one index probe each (outbox_claim): the cost does not grow with
      // the backlog, which a scan of every due row would (claims run after every delivery).
      const waitingRows = await db
        .selectFrom('accounts')
        .select((eb) => {
          const oldest = (status: string) =>
            eb.selectFrom('outbox').select('outbox.next_attempt_at').whereRef('outbox.account_id', '=', 'accounts.id').where('outbox.held', '=', 0).where('outbox.status', '=', status).where('outbox.next_attempt_at', '<=', at).orderBy('outbox.next_attempt_at').limit(1);
          return ['accounts.id as accountId', oldest('queued').as('q'), oldest('scheduled').as('s'), oldest('retrying').as('r')];
        })
        // Service mailboxes (graph_app) have nothing to link: they send before their first success.
        .where((eb) => eb.or([eb('accounts.status', '=', 'linked'), eb('accounts.sending_method', '=', 'graph_app')]))
        .execute();
      const due = waitingRows
        .map((r) => ({ accountId: r.accountId, first: [r.q, r.s, r.r].filter((x): x is string => x !== null).sort()[0] }))
        .filter((r): r is { accountId: string; first: string } => r.first !== undefined);
      // Messages whose lease ran out: their process died; they are due again.
      const orphaned = await db.selectFrom('outbox').select('account_id').distinct().where('status', '=', 'sending').where('lease_expires_at', '<', at).execute();
      const ids = new Set(due.map((d) => d.accountId));
      for (const o of orphaned) if (!ids.has(o.account_id)) due.push({ accountId: o.account_id, first: '' });
      return due.sort((x, y) => x.first.localeCompare(y.first)).slice(0, limit).map((d) => d.accountId);
    },
    async lockAccount(accountId) {
      // Claims for one mailbox queue up behind each other until commit (PostgreSQL); SQLite's
      // single connection already runs one transaction at a time.
      if (o.postgres) await sql`select pg_advisory_xact_lock(hashtext(${`outbox:${accountId}`}))`.execute(db);
    },
    async claimable(accountId, now, limit, exclude = new Set()) {
      const at = toIso(now);
      const pick = (q: ReturnType<typeof base>) => (o.postgres ? q.forUpdate().skipLocked() : q).execute();
      // Never one this process is still sending (a lapsed lease it will find out about).
      const base = () => {
        const q = db.selectFrom('outbox').select(['id', 'recipient_count', 'next_attempt_at']).where('account_id', '=', accountId).limit(limit + exclude.size);
        return q;
      };
      // Each status on its own so every query is one range of outbox_claim, in time order.
      const rows = [
        ...(await pick(base().where('status', '=', 'sending').where('lease_expires_at', '<', at).orderBy('next_attempt_at'))),
        ...(await Promise.all(waiting.map((status) => pick(base().where('held', '=', 0).where('status', '=', status).where('next_attempt_at', '<=', at).orderBy('next_attempt_at'))))).flat(),
      ];
      return rows
        .filter((r) => !exclude.has(r.id))
        .sort((x, y) => x.next_attempt_at.localeCompare(y.next_attempt_at) || x.id.localeCompare(y.id))
        .slice(0, limit)
        .map((r) => ({ id: r.id, recipientCount: Number(r.recipient_count) }));
    },
    async countSending(accountId, now) {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('account_id', '=', accountId)
        .where('status', '=', 'sending')
        .where('lease_expires_at', '>=', toIso(now))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async claim(ids, owner, now, leaseUntil) {
      if (ids.length === 0) return;
      await db
        .updateTable('outbox')
        .set({ status: 'sending', lease_owner: owner, lease_expires_at: toIso(leaseUntil), updated_at: toIso(now), attempts: sql`attempts + 1` })
        .where('id', 'in', ids)
        .execute();
    },
    async renewLeases(ownerPrefix, ids, until) {
      if (ids.length === 0) return;
      await db.updateTable('outbox').set({ lease_expires_at: toIso(until) }).where('id', 'in', ids).where(ownedBy(ownerPrefix)).where('status', '=', 'sending').execute();
    },
    async handBack(ownerPrefix, ids) {
      if (ids.length === 0) return;
      await db
        .updateTable('outbox')
        .set({ lease_expires_at: toIso(new Date(0)) })
        .where('id', 'in', ids)
        .where(ownedBy(ownerPrefix))
        .where('status', '=', 'sending')
        .where('send_started_at', 'is', null)
        .execute();
    },
    async waitingIds(filter) {
      let q = db.selectFrom('outbox').select('id').where('status', 'in', waiting);
      if (filter.accountId !== undefined) q = q.where('account_id', '=', filter.accountId);
      if (filter.dueBefore !== undefined) q = q.where('due_at', '<', toIso(filter.dueBefore));
      if (filter.limit !== undefined) q = q.orderBy('due_at').limit(filter.limit);
      return (await q.execute()).map((r) => r.id);
    },
    async postpone(accountId, until, now) {
      await db
        .updateTable('outbox')
        .set({ next_attempt_at: toIso(until), updated_at: toIso(now) })
        .where('account_id', '=', accountId)
        .where('status', 'in', waiting)
        .where('held', '=', 0)
        .where('next_attempt_at', '<', toIso(until))
        .execute();
    },
    async expedite(accountId, now) {
      const at = toIso(now);
      await db
        .updateTable('outbox')
        .set({ next_attempt_at: sql<string>`case when due_at > ${at} then due_at else ${at} end`, updated_at: at })
        .where('account_id', '=', accountId)
        .where('status', 'in', ['queued', 'scheduled'])
        .where('held', '=', 0)
        .where('next_attempt_at', '>', at)
        .execute();
    },
    async hold(accountId, problem, now) {
      // A scheduled message stays scheduled: held, it still waits for its time once released.
      const r = await db
        .updateTable('outbox')
        .set({ held: 1, status: sql<string>`case when status = 'scheduled' then 'scheduled' else 'queued' end`, last_diagnosis: problemToText(problem), updated_at: toIso(now) })
        .where('account_id', '=', accountId)
        .where('status', 'in', waiting)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async release(accountId, now) {
      const at = toIso(now);
      const r = await db
        .updateTable('outbox')
        .set({ held: 0, next_attempt_at: sql<string>`case when due_at > ${at} then due_at else ${at} end`, updated_at: at })
        .where('account_id', '=', accountId)
        .where('status', 'in', waiting)
        .where('held', '=', 1)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
