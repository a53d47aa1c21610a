import type { Deps } from '../deps.js';

/** The unread and total counts of these folders, from what is stored now (only theirs are counted). */
export async function refreshFolderCounts(deps: Pick<Deps, 'store' | 'clock'>, accountId: string, folderIds: readonly string[]): Promise<void> {
  const ids = [...new Set(folderIds)];
  const counts = await deps.store.mailboxMessages.countByFolder(accountId, ids);
  const now = deps.clock.now();
  for (const id of ids) await deps.store.mailboxFolders.setCounts(id, counts.get(id) ?? { unread: 0, total: 0 }, now);
}
