import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AccountStatus, MailAccount, MailboxLimits, SendingMethod } from '../core/domain.js';
import type { AccountRepository } from '../core/ports.js';
import { fromIso, fromIsoOrNull, problemFromText, problemToText, toIso, toIsoOrNull } from './column-codecs.js';
import type { AccountRow, Database } from './schema.js';
import { keysetPage } from './keyset-page.js';

type AccountPatch = Parameters<AccountRepository['update']>[1];

const toRow = (a: MailAccount): AccountRow => ({
  id: a.id,
  user_id: a.userId,
  email: a.email,
  sending_method: a.sendingMethod,
  app_id: a.appId,
  status: a.status,
  linked_address: a.linkedAddress,
  linked_at: toIsoOrNull(a.linkedAt),
  ms_tenant_id: a.msTenantId,
  ms_object_id: a.msObjectId,
  linked_app_key: a.linkedAppKey,
  last_error: problemToText(a.lastError),
  sender_name: a.defaults.senderName,
  reply_to: a.defaults.replyTo,
  signature_html: a.defaults.signatureHtml,
  copy_to_self: a.defaults.copyToSelf ? 1 : 0,
  limits: a.limits === null ? null : JSON.stringify(a.limits),
  send_as: JSON.stringify(a.sendAs),
  created_at: toIso(a.createdAt),
  updated_at: toIso(a.updatedAt),
});

/** Only the fields present (and not undefined) in the patch become columns to set. */
function patchToRow(p: AccountPatch): Updateable<AccountRow> {
  const row: Updateable<AccountRow> = {};
  if (p.userId !== undefined) row.user_id = p.userId;
  if (p.email !== undefined) row.email = p.email;
  if (p.sendingMethod !== undefined) row.sending_method = p.sendingMethod;
  if (p.appId !== undefined) row.app_id = p.appId;
  if (p.status !== undefined) row.status = p.status;
  if (p.linkedAddress !== undefined) row.linked_address = p.linkedAddress;
  if (p.linkedAt !== undefined) row.linked_at = toIsoOrNull(p.linkedAt);
  if (p.msTenantId !== undefined) row.ms_tenant_id = p.msTenantId;
  if (p.msObjectId !== undefined) row.ms_object_id = p.msObjectId;
  if (p.linkedAppKey !== undefined) row.linked_app_key = p.linkedAppKey;
  if (p.lastError !== undefined) row.last_error = problemToText(p.lastError);
  if (p.defaults !== undefined) {
    row.sender_name = p.defaults.senderName;
    row.reply_to = p.defaults.replyTo;
    row.signature_html = p.defaults.signatureHtml;
    row.copy_to_self = p.defaults.copyToSelf ? 1 : 0;
  }
  if (p.limits !== undefined) row.limits = p.limits === null ? null : JSON.stringify(p.limits);
  if (p.sendAs !== undefined) row.send_as = JSON.stringify(p.sendAs);
  if (p.updatedAt !== undefined) row.updated_at = toIso(p.updatedAt);
  return row;
}

export const accountFromRow = (row: Selectable<AccountRow>): MailAccount => ({
  id: row.id,
  userId: row.user_id,
  email: row.email,
  sendingMethod: row.sending_method as SendingMethod,
  appId: row.app_id,
  status: row.status as AccountStatus,
  linkedAddress: row.linked_address,
  linkedAt: fromIsoOrNull(row.linked_at),
  msTenantId: row.ms_tenant_id,
  msObjectId: row.ms_object_id,
  linkedAppKey: row.linked_app_key,
  lastError: problemFromText(row.last_error),
  defaults: { senderName: row.sender_name, replyTo: row.reply_to, signatureHtml: row.signature_html, copyToSelf: Number(row.copy_to_self) === 1 },
  limits: row.limits === null ? null : (JSON.parse(row.limits) as MailboxLimits),
  sendAs: JSON.parse(row.send_as) as string[],
  createdAt: fromIso(row.created_at),
  updatedAt: fromIso(row.updated_at),
});

/** Mail accounts. Deleting one cascades to its tokens, link flows and message records. */
export function accountRepository(db: Kysely<Database>): AccountRepository {
  const listed = () => db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('id');
  return {
    async create(account) {
      await db.insertInto('accounts').values(toRow(account)).execute();
    },
    async get(id) {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? accountFromRow(row) : null;
    },
    async list(filter = {}) {
      const rows = await (filter.userId === undefined ? listed() : listed().where('user_id', '=', filter.userId)).execute();
      return rows.map(accountFromRow);
    },
    async listPage(filter, page) {
      const all = db.selectFrom('accounts').selectAll();
      return keysetPage(filter.userId === undefined ? all : all.where('user_id', '=', filter.userId), page, accountFromRow);
    },
    async listByApp(appId) {
      const rows = await (appId === null ? listed().where('app_id', 'is', null) : listed().where('app_id', '=', appId)).execute();
      return rows.map(accountFromRow);
    },
    async update(id, patch) {
      const row = patchToRow(patch);
      if (Object.keys(row).length === 0) return;
      await db.updateTable('accounts').set(row).where('id', '=', id).execute();
    },
    async delete(id) {
      await db.deleteFrom('accounts').where('id', '=', id).execute();
    },
  };
}
