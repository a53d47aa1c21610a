import type { MailboxObject } from 'imapflow';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import { firstSync } from './first-sync.js';
import { incrementalSync } from './incremental-sync.js';
import type { SyncContext } from './sync-context.js';

/** What the SELECT said of a folder, to tell later by STATUS whether anything changed (RFC 3501 §6.3.10). */
export interface FolderSnapshot {
  messages: number;
  uidNext: number;
  uidValidity: number;
  highestModseq: bigint | null;
}

export const snapshotOf = (box: MailboxObject): FolderSnapshot => ({
  messages: box.exists,
  uidNext: box.uidNext,
  uidValidity: Number(box.uidValidity),
  highestModseq: box.highestModseq ?? null,
});

/**
 * One folder brought up to date over a fresh EXAMINE: read from scratch when it never was, or
 * after `sink.reset` when its UIDVALIDITY changed (its UIDs mean other messages now, RFC 3501
 * §2.3.1.1; not new mail); else an incremental sync of everything (new mail, expunges, flags).
 */
export async function syncFolder(ctx: SyncContext, folder: MailFolder): Promise<{ folder: MailFolder; snapshot: FolderSnapshot }> {
  const box = await ctx.link.select(folder.remoteId);
  const snapshot = snapshotOf(box);
  if (folder.sync.uidValidity === null || folder.sync.uidNext === null) return { folder: await firstSync(ctx, folder, box), snapshot };
  if (folder.sync.uidValidity !== snapshot.uidValidity) {
    ctx.logger?.info({ folder: folder.id, before: folder.sync.uidValidity, now: snapshot.uidValidity }, 'UIDVALIDITY changed: the folder is read again');
    await ctx.sink.reset(folder);
    return { folder: await firstSync(ctx, folder, box), snapshot };
  }
  const newMail = !(box.uidNext > 0) || box.uidNext > folder.sync.uidNext;
  return { folder: await incrementalSync(ctx, folder, box, { newMail, expunges: true, flags: true }), snapshot };
}
