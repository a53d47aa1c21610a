import type { Page, PageQuery } from '@mailbridge/contract';
import type { User } from '../domain.js';
import type { Store } from '../ports.js';
import { decodeCursor, toPage } from '../paging/page-cursor.js';

/** GET /users (admin): one page of users, oldest first. */
export async function listUsers(store: Store, query: PageQuery): Promise<Page<User>> {
  return toPage(await store.users.listPage({ after: query.cursor === undefined ? undefined : decodeCursor(query.cursor), limit: query.limit }));
}
