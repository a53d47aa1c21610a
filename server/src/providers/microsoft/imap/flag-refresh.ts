import type { MailboxObject } from 'imapflow';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { KnownMessage } from '../../../core/mailbox/mailbox-reader.js';
import { mailFlags } from './imap-message.js';
import type { SyncContext } from './sync-context.js';
import { uidSet } from './uid-sets.js';

/** How many of the newest known messages are compared when the server cannot say what changed. */
export const RECENT_FLAGS = 500;

/**
 * Flags changed on the server since the last sync, into the sink; returns the folder's new
 * HIGHESTMODSEQ (null without CONDSTORE). With CONDSTORE (RFC 7162 §3.1.4), one `UID FETCH 1:*
 * (FLAGS) (CHANGEDSINCE n)` names exactly the changed messages. Exchange Online offers no
 * CONDSTORE (docs/microsoft.md §3), so there the flags of the newest RECENT_FLAGS known messages
 * are fetched and compared with what is stored; older messages' flags are not followed.
 * Only messages below `uidNext` (those stored) are looked at.
 */
export async function refreshFlags(ctx: SyncContext, folder: MailFolder, box: MailboxObject, uidNext: number): Promise<bigint | null> {
  const since = folder.sync.highestModseq;
  if (ctx.link.condstore && since !== null) {
    let highest = box.highestModseq !== undefined && box.highestModseq > since ? box.highestModseq : since;
    if (uidNext <= 1) return highest;
    const answers = await ctx.link.fetch(`1:${uidNext - 1}`, { uid: true, flags: true }, since);
    const changes = answers.filter((m) => m.uid < uidNext).map((m) => ({ remoteId: String(m.uid), ...mailFlags(m.flags) }));
    for (const m of answers) if (m.modseq !== undefined && m.modseq > highest) highest = m.modseq;
    if (changes.length) await ctx.sink.flags(folder, changes);
    return highest;
  }
  const known = await ctx.sink.known(folder, RECENT_FLAGS);
  const byUid = new Map(known.map((k) => [Number(k.remoteId), k]));
  if (byUid.size > 0) {
    const answers = await ctx.link.fetch(uidSet([...byUid.keys()]), { uid: true, flags: true });
    const changes: KnownMessage[] = [];
    for (const m of answers) {
      const before = byUid.get(m.uid);
      const now = mailFlags(m.flags);
      if (before && (before.unread !== now.unread || before.flagged !== now.flagged)) changes.push({ remoteId: String(m.uid), ...now });
    }
    if (changes.length) await ctx.sink.flags(folder, changes);
  }
  return ctx.link.condstore ? (box.highestModseq ?? null) : null;
}
