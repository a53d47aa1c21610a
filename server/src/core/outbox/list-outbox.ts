import type { OutboxQuery } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import type { KeysetPage } from '../ports.js';
import { loadAccount } from '../accounts/load-account.js';
import { decodeCursor } from '../paging/page-cursor.js';
import type { OutboxMessage } from './outbox-message.js';

/** GET /accounts/{id}/outbox and GET /outbox: newest first; a user sees their accounts' messages. */
export async function listOutbox(deps: Pick<Deps, 'store'>, actor: Actor, query: OutboxQuery, accountId?: string): Promise<KeysetPage<OutboxMessage>> {
  if (accountId !== undefined) await loadAccount(deps.store, actor, accountId);
  const filter = {
    ...(accountId !== undefined ? { accountId } : actor.role === 'admin' ? {} : { ownerUserId: actor.userId }),
    ...(query.status ? { status: query.status } : {}),
  };
  return deps.store.outbox.listPage(filter, { after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: query.limit });
}
