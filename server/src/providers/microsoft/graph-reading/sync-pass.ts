import type { FolderRole } from '@mailbridge/contract';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { MailboxSink } from '../../../core/mailbox/mailbox-reader.js';
import { listGraphFolders, wellKnownFolderIds } from './list-graph-folders.js';
import type { CallPolicy, ReaderCall } from './reader-call.js';
import { syncFolder } from './sync-folder.js';

/** What a run keeps between passes: the well-known folders' ids, asked once per run. */
export interface PassMemory {
  roleIds: Partial<Record<FolderRole, string>> | null;
}

/** The inbox first: on a first sync the user sees it fill before the rest. */
const inboxFirst = (a: MailFolder, b: MailFolder): number => Number(b.role === 'inbox') - Number(a.role === 'inbox');

/**
 * One pass over the mailbox: the folder list to the sink, then a delta round per folder, then
 * `synced`. While some folder has never been synced (the first sync, or a folder new since), the
 * sink hears the progress in messages against Graph's `totalItemCount` of every folder; folders
 * already synced count as done.
 */
export async function syncPass(call: ReaderCall, policy: CallPolicy, sink: MailboxSink, memory: PassMemory): Promise<void> {
  memory.roleIds ??= await wellKnownFolderIds(call, policy);
  const { listings, totals } = await listGraphFolders(call, policy, memory.roleIds);
  const folders = [...(await sink.folders(listings))].sort(inboxFirst);
  const initial = folders.some((f) => f.sync.deltaLink === null);
  const total = folders.reduce((n, f) => n + (totals.get(f.remoteId) ?? 0), 0);
  let done = folders.reduce((n, f) => n + (f.sync.deltaLink !== null ? (totals.get(f.remoteId) ?? 0) : 0), 0);
  if (initial) await sink.progress(Math.min(done, total), total);
  const onFullRoundPage = async (count: number): Promise<void> => {
    if (!initial || count === 0) return;
    done += count;
    await sink.progress(Math.min(done, total), total);
  };
  for (const folder of folders) {
    if (policy.signal?.aborted) return;
    await syncFolder({ call, policy, sink, onFullRoundPage }, folder);
  }
  if (policy.signal?.aborted) return;
  if (initial) await sink.progress(total, total);
  await sink.synced();
}
