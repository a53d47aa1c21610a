import type { MailboxObject } from 'imapflow';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import { FETCH_BATCH, fetchMessages } from './fetch-messages.js';
import { refreshFlags } from './flag-refresh.js';
import type { SyncContext } from './sync-context.js';
import { newestFirstBatches } from './uid-sets.js';

/** What an incremental sync looks at: mail that arrived, messages gone, flags changed. */
export interface IncrementalWork {
  newMail: boolean;
  expunges: boolean;
  flags: boolean;
}

/**
 * A folder synced since its stored cursor, its UIDVALIDITY unchanged (RFC 4549 §4.3 describes
 * the same steps): UIDs at or above the stored UIDNEXT are new mail (`newMail: true`; the core
 * raises `message.received` for the inbox's); stored UIDs that `UID SEARCH ALL` no longer finds
 * were expunged; flags through refreshFlags. `box` is the selected mailbox as imapflow keeps it.
 */
export async function incrementalSync(ctx: SyncContext, folder: MailFolder, box: MailboxObject, work: IncrementalWork): Promise<MailFolder> {
  const before = folder.sync.uidNext ?? 1;
  let uidNext = before;
  if (work.newMail) {
    const fresh = (await ctx.link.searchUids(`${before}:*`)).filter((u) => u >= before);
    // Oldest first: if the sync dies half-way, what is stored is a prefix of what arrived.
    for (const batch of newestFirstBatches(fresh, FETCH_BATCH).reverse()) {
      const messages = await fetchMessages(ctx.link, batch, ctx.logger);
      await ctx.sink.messages(folder, messages, { newMail: true });
    }
    uidNext = Math.max(uidNext, fresh.reduce((a, b) => Math.max(a, b + 1), 0));
  }
  if (work.expunges) {
    const present = new Set(await ctx.link.searchUids());
    const gone = (await ctx.sink.known(folder)).filter((k) => Number(k.remoteId) < before && !present.has(Number(k.remoteId))).map((k) => k.remoteId);
    if (gone.length) await ctx.sink.removed(folder, gone);
  }
  const highestModseq = work.flags ? await refreshFlags(ctx, folder, box, before) : folder.sync.highestModseq;
  // The SELECT's UIDNEXT counts too: a message expunged before we saw it leaves a gap there.
  if (box.uidNext > uidNext && work.newMail) uidNext = box.uidNext;
  return ctx.sink.cursor(folder, { uidValidity: folder.sync.uidValidity, uidNext, highestModseq, deltaLink: null });
}
