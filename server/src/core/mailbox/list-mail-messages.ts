import type { MailMessageQuery, Page } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { decodeCursor, encodeCursor } from '../paging/page-cursor.js';
import type { MailMessage } from './mail-message.js';
import { findFolder } from './find-folder.js';
import { loadReadingAccount } from './mailbox-access.js';

/**
 * GET …/mailbox/messages: newest first (date, then id), by keyset pages whose cursor names the
 * last message's date and id. `folder` must be one of the account's folders (404 otherwise);
 * `q` is the database's full-text search over subject, sender and snippet.
 */
export async function listMailMessages(deps: Pick<Deps, 'store'>, actor: Actor, accountId: string, query: MailMessageQuery): Promise<Page<MailMessage>> {
  const account = await loadReadingAccount(deps, actor, accountId);
  const folder = query.folder === undefined ? undefined : await findFolder(deps.store, account.id, query.folder);
  const q = query.q?.trim();
  const filter = {
    folderId: folder?.id,
    threadKey: query.thread,
    unread: query.unread,
    flagged: query.flagged,
    from: query.from?.trim() || undefined,
    since: query.since === undefined ? undefined : new Date(query.since),
    before: query.before === undefined ? undefined : new Date(query.before),
    q: q === '' ? undefined : q,
  };
  const page = await deps.store.mailboxMessages.listPage(account.id, filter, { after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: query.limit });
  const last = page.items.at(-1);
  return { items: page.items, nextCursor: page.more && last ? encodeCursor({ createdAt: last.date, id: last.id }) : null };
}
