import type { Page, PageQuery } from '@mailbridge/contract';
import type { Actor, MailAccount } from '../domain.js';
import type { Store } from '../ports.js';
import { decodeCursor, toPage } from '../paging/page-cursor.js';

/** GET /accounts: one page, oldest first; an admin sees every account, a user their own. */
export async function listAccounts(store: Store, actor: Actor, query: PageQuery): Promise<Page<MailAccount>> {
  const filter = actor.role === 'admin' ? {} : { userId: actor.userId };
  return toPage(await store.accounts.listPage(filter, { after: query.cursor === undefined ? undefined : decodeCursor(query.cursor), limit: query.limit }));
}
