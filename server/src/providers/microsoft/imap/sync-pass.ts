import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import { imapEffect, isServerRefusal, serverText } from './imap-error.js';
import { inboxFirst, syncFolderList } from './imap-folders.js';
import { refreshFlags } from './flag-refresh.js';
import { syncFolder, type FolderSnapshot } from './folder-sync.js';
import { SyncProgress, type SyncContext } from './sync-context.js';

/** What one connection's sync knows: the folders with their cursors, and what each SELECT said. */
export interface MailboxState {
  folders: Map<string, MailFolder>;
  snapshots: Map<string, FolderSnapshot>;
}

export const emptyState = (): MailboxState => ({ folders: new Map(), snapshots: new Map() });

export const inboxOf = (state: MailboxState): MailFolder | null => [...state.folders.values()].find((f) => f.role === 'inbox') ?? null;

/**
 * A whole pass, after each (re)connection: the folder list, then every selectable folder, inbox
 * first, each read from scratch or brought up to date in full (new mail, expunges, flags), with
 * the first sync's progress over the folders never synced; then `sink.synced()`.
 */
export async function fullPass(ctx: Omit<SyncContext, 'progress'>, state: MailboxState): Promise<void> {
  const folders = await listSelectable(ctx, state);
  const fresh = folders.filter((f) => f.sync.uidValidity === null);
  let progress: SyncProgress | null = null;
  if (fresh.length > 0) {
    let total = 0;
    for (const f of fresh) {
      const status = await ctx.link.status(f.remoteId, { messages: true }).catch(skipRefused(ctx, f));
      total += (status && status.messages) || 0;
    }
    progress = new SyncProgress(ctx.sink, total);
    await progress.start();
  }
  for (const folder of folders) await syncOne({ ...ctx, progress }, state, folder);
  await ctx.sink.synced();
}

/**
 * The periodic look at the folders other than the inbox (which IDLE watches): the folder list
 * again (new, renamed, deleted folders), a STATUS of each, and a sync of those whose STATUS moved
 * since their last SELECT (new or expunged messages, a new UIDVALIDITY, with CONDSTORE changed
 * flags). Without CONDSTORE a flag change moves nothing in STATUS, so `flagsEverywhere` asks
 * every folder's recent flags too (refreshFlags). Then `sink.synced()`.
 */
export async function periodicCheck(ctx: Omit<SyncContext, 'progress'>, state: MailboxState, opts: { flagsEverywhere: boolean }): Promise<void> {
  const folders = (await listSelectable(ctx, state)).filter((f) => f.role !== 'inbox');
  for (const folder of folders) {
    const before = state.snapshots.get(folder.remoteId);
    const status = before ? await ctx.link.status(folder.remoteId, { messages: true, uidNext: true, uidValidity: true, ...(ctx.link.condstore ? { highestModseq: true } : {}) }).catch(skipRefused(ctx, folder)) : null;
    const moved = !before || !status || status.messages !== before.messages || status.uidNext !== before.uidNext || Number(status.uidValidity) !== before.uidValidity || (status.highestModseq ?? null) !== before.highestModseq;
    if (moved) await syncOne({ ...ctx, progress: null }, state, folder);
    else if (opts.flagsEverywhere && !ctx.link.condstore) await flagsOnly(ctx, state, folder);
  }
  await ctx.sink.synced();
}

async function flagsOnly(ctx: Omit<SyncContext, 'progress'>, state: MailboxState, folder: MailFolder): Promise<void> {
  try {
    const box = await ctx.link.select(folder.remoteId);
    await refreshFlags({ ...ctx, progress: null }, folder, box, folder.sync.uidNext ?? 1);
  } catch (err) {
    skipRefused(ctx, folder)(err);
  }
}

async function listSelectable(ctx: Omit<SyncContext, 'progress'>, state: MailboxState): Promise<MailFolder[]> {
  const { folders, selectable } = await syncFolderList(ctx.link, ctx.sink);
  state.folders = new Map(folders.map((f) => [f.remoteId, f]));
  for (const path of state.snapshots.keys()) if (!state.folders.has(path)) state.snapshots.delete(path);
  return inboxFirst(folders).filter((f) => selectable.has(f.remoteId));
}

/** One folder synced; a folder the server refuses (deleted meanwhile, not selectable) is skipped, not the pass. */
async function syncOne(ctx: SyncContext, state: MailboxState, folder: MailFolder): Promise<void> {
  try {
    const done = await syncFolder(ctx, folder);
    state.folders.set(folder.remoteId, done.folder);
    state.snapshots.set(folder.remoteId, done.snapshot);
  } catch (err) {
    skipRefused(ctx, folder)(err);
  }
}

/** Rethrows but a NO/BAD the table calls `missing` or `rejected` (that folder only), which is logged. */
function skipRefused(ctx: Omit<SyncContext, 'progress'>, folder: MailFolder) {
  return (err: unknown): null => {
    const effect = imapEffect(err);
    if (!isServerRefusal(err) || (effect !== 'missing' && effect !== 'rejected')) throw err;
    ctx.logger?.warn({ folder: folder.id, reply: serverText(err) }, 'The IMAP server refused a folder; it is skipped');
    return null;
  };
}
