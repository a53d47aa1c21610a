import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { WebhookRepository } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Webhook, WebhookAttempt } from '../core/webhooks/webhook.js';
import type { Vault } from '../platform/vault.js';
import { fromIso, fromIsoOrNull, toIso, toIsoOrNull } from './column-codecs.js';
import { compiledOnce } from './compiled-once.js';
import { keysetPage } from './keyset-page.js';
import type { Database, WebhookAttemptRow, WebhookDeliveryRow, WebhookRow } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

const ctx = (id: string, column: string) => `webhook:${id}:${column}`;

function fromRow(vault: Vault, r: Selectable<WebhookRow>): Webhook {
  return {
    id: r.id,
    userId: r.user_id,
    scope: r.scope as Webhook['scope'],
    url: r.url,
    events: JSON.parse(r.events) as string[],
    description: r.description,
    enabled: Number(r.enabled) === 1,
    disabledReason: r.disabled_reason,
    secret: new Sensitive(vault.decrypt(r.secret, ctx(r.id, 'secret'))),
    previousSecret: r.previous_secret === null ? null : new Sensitive(vault.decrypt(r.previous_secret, ctx(r.id, 'previous_secret'))),
    previousSecretUntil: fromIsoOrNull(r.previous_secret_until),
    failingSince: fromIsoOrNull(r.failing_since),
    createdAt: fromIso(r.created_at),
    updatedAt: fromIso(r.updated_at),
  };
}

function patchToRow(vault: Vault, id: string, p: Parameters<WebhookRepository['update']>[1]): Partial<WebhookRow> {
  const row: Partial<WebhookRow> = {};
  if (p.url !== undefined) row.url = p.url;
  if (p.events !== undefined) row.events = JSON.stringify(p.events);
  if (p.description !== undefined) row.description = p.description;
  if (p.enabled !== undefined) row.enabled = p.enabled ? 1 : 0;
  if (p.disabledReason !== undefined) row.disabled_reason = p.disabledReason;
  if (p.secret !== undefined) row.secret = vault.encrypt(p.secret.reveal(), ctx(id, 'secret'));
  if (p.previousSecret !== undefined) row.previous_secret = p.previousSecret === null ? null : vault.encrypt(p.previousSecret.reveal(), ctx(id, 'previous_secret'));
  if (p.previousSecretUntil !== undefined) row.previous_secret_until = toIsoOrNull(p.previousSecretUntil);
  if (p.failingSince !== undefined) row.failing_since = toIsoOrNull(p.failingSince);
  if (p.updatedAt !== undefined) row.updated_at = toIso(p.updatedAt);
  return row;
}

const attemptFromRow = (r: Selectable<WebhookAttemptRow>): WebhookAttempt => ({
  id: r.id, webhookId: r.webhook_id, eventId: r.event_id, eventType: r.event_type, attempt: Number(r.attempt),
  statusCode: r.status_code === null ? null : Number(r.status_code), durationMs: Number(r.duration_ms), error: r.error, createdAt: fromIso(r.created_at),
});

const deliveryFromRow = (r: Selectable<WebhookDeliveryRow>) => ({
  id: r.id, webhookId: r.webhook_id, eventId: r.event_id, eventType: r.event_type, payload: r.payload,
  status: r.status as 'pending' | 'delivered' | 'failed', attempts: Number(r.attempts), nextAttemptAt: fromIso(r.next_attempt_at), createdAt: fromIso(r.created_at),
});

/**
 * The endpoints an event is owed to, asked for every event (every accepted message): compiled
 * once (compiled-once.ts). Decided now, not when the endpoint was made: an owner who was disabled,
 * or an admin who was demoted, stops receiving (an `all` endpoint needs an active admin behind it).
 */
const subscribing = (db: Kysely<Database>) => db.selectFrom('webhooks').innerJoin('users', 'users.id', 'webhooks.user_id').selectAll('webhooks')
  .where('webhooks.enabled', '=', 1).where('users.disabled_at', 'is', null);
/** An endpoint of every account's events: it needs an admin behind it. */
const everyAccount = (w: ExpressionBuilder<Database, 'webhooks' | 'users'>) => w.and([w('webhooks.scope', '=', 'all'), w('users.role', '=', 'admin')]);
const adminSubscribers = compiledOnce<WebhookRow>(0, (db) => subscribing(db).where(everyAccount));
const subscribersOf = compiledOnce<WebhookRow>(1, (db, ownerId) => subscribing(db).where((w) => w.or([everyAccount(w), w('webhooks.user_id', '=', ownerId)])));

/**
 * The endpoints with deliveries due and not leased, oldest first: the webhook worker asks every
 * 100 ms and after every delivery, webhooks or not, so it is compiled once (compiled-once.ts).
 * Values: the time, the limit.
 */
const dueEndpoints = compiledOnce<{ webhookId: string; userId: string }>(2, (db, at, limit) =>
  db.selectFrom('webhook_deliveries').innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select(['webhook_deliveries.webhook_id as webhookId', 'webhooks.user_id as userId', (eb) => eb.fn.min<string>('webhook_deliveries.next_attempt_at').as('oldest')])
    .where('webhook_deliveries.status', '=', 'pending').where('webhook_deliveries.next_attempt_at', '<=', at)
    .where((w) => w.or([w('webhook_deliveries.lease_expires_at', 'is', null), w('webhook_deliveries.lease_expires_at', '<', at)]))
    .groupBy(['webhook_deliveries.webhook_id', 'webhooks.user_id']).orderBy('oldest').limit(limit));

/** Webhook endpoints, the deliveries owed to them and the attempt log; secrets are vault envelopes. */
export function webhookRepository(db: Kysely<Database>, vault: Vault, o: { postgres: boolean }): WebhookRepository {
  return {
    async create(w) {
      await db.insertInto('webhooks').values({
        id: w.id, user_id: w.userId, scope: w.scope, url: w.url, events: JSON.stringify(w.events), description: w.description, enabled: w.enabled ? 1 : 0,
        disabled_reason: w.disabledReason, secret: vault.encrypt(w.secret.reveal(), ctx(w.id, 'secret')), previous_secret: null, previous_secret_until: null,
        failing_since: null, created_at: toIso(w.createdAt), updated_at: toIso(w.updatedAt),
      }).execute();
    },
    async get(id) {
      const r = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? fromRow(vault, r) : null;
    },
    async update(id, patch) {
      const row = patchToRow(vault, id, patch);
      if (Object.keys(row).length) await db.updateTable('webhooks').set(row).where('id', '=', id).execute();
    },
    async delete(id) {
      await db.deleteFrom('webhook_attempts').where('webhook_id', '=', id).execute();
      await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
      await db.deleteFrom('webhooks').where('id', '=', id).execute();
    },
    async listPage(filter, page) {
      const q = db.selectFrom('webhooks').selectAll();
      return keysetPage(filter.userId === undefined ? q : q.where('user_id', '=', filter.userId), page, (r) => fromRow(vault, r));
    },
    async subscribers(ownerId) {
      const rows = ownerId === null ? await adminSubscribers(db) : await subscribersOf(db, ownerId);
      return rows.rows.map((r) => fromRow(vault, r));
    },
    async enqueue(d) {
      try {
        await db.insertInto('webhook_deliveries').values({
          id: d.id, webhook_id: d.webhookId, event_id: d.eventId, event_type: d.eventType, payload: d.payload, status: d.status, attempts: d.attempts,
          next_attempt_at: toIso(d.nextAttemptAt), lease_owner: null, lease_expires_at: null, created_at: toIso(d.createdAt), updated_at: toIso(d.createdAt),
        }).execute();
      } catch (e) {
        if (!isUniqueViolation(e, ['webhook_deliveries_once', 'webhook_deliveries.webhook_id'])) throw e;
      }
    },
    async dueEndpoints(now, limit) {
      const { rows } = await dueEndpoints(db, toIso(now), limit);
      return rows.map((r) => ({ webhookId: r.webhookId, userId: r.userId }));
    },
    async count(userId) {
      const r = await db.selectFrom('webhooks').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async claim(webhookId, owner, now, leaseUntil, limit, exclude) {
      const at = toIso(now);
      return db.transaction().execute(async (trx) => {
        let q = trx.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).where('status', '=', 'pending').where('next_attempt_at', '<=', at)
          .where((w) => w.or([w('lease_expires_at', 'is', null), w('lease_expires_at', '<', at)])).orderBy('next_attempt_at').orderBy('id').limit(limit + exclude.size);
        if (o.postgres) q = q.forUpdate().skipLocked();
        const rows = (await q.execute()).filter((r) => !exclude.has(r.id)).slice(0, limit);
        if (rows.length) await trx.updateTable('webhook_deliveries').set({ lease_owner: owner, lease_expires_at: toIso(leaseUntil) }).where('id', 'in', rows.map((r) => r.id)).execute();
        return rows.map(deliveryFromRow);
      });
    },
    async settle(id, owner, patch) {
      const r = await db.updateTable('webhook_deliveries')
        .set({ status: patch.status, attempts: patch.attempts, next_attempt_at: toIso(patch.nextAttemptAt), updated_at: toIso(patch.updatedAt), lease_owner: null, lease_expires_at: null })
        .where('id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async recordAttempt(a) {
      await db.insertInto('webhook_attempts').values({
        id: a.id, webhook_id: a.webhookId, event_id: a.eventId, event_type: a.eventType, attempt: a.attempt, status_code: a.statusCode,
        duration_ms: a.durationMs, error: a.error, created_at: toIso(a.createdAt),
      }).execute();
    },
    async prune(before) {
      await db.deleteFrom('webhook_attempts').where('created_at', '<', toIso(before)).execute();
      await db.deleteFrom('webhook_deliveries').where('status', 'in', ['delivered', 'failed']).where('updated_at', '<', toIso(before)).execute();
    },
    async firstAttemptAt(webhookId, eventId) {
      const r = await db.selectFrom('webhook_attempts').select((eb) => eb.fn.min<string | null>('created_at').as('first')).where('webhook_id', '=', webhookId).where('event_id', '=', eventId).executeTakeFirst();
      return r?.first ? fromIso(r.first) : null;
    },
    async listAttempts(webhookId, page) {
      return keysetPage(db.selectFrom('webhook_attempts').selectAll().where('webhook_id', '=', webhookId), page, attemptFromRow, 'desc');
    },
  };
}
