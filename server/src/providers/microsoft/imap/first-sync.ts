import type { MailboxObject } from 'imapflow';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import { FETCH_BATCH, fetchMessages } from './fetch-messages.js';
import type { SyncContext } from './sync-context.js';
import { newestFirstBatches } from './uid-sets.js';

/**
 * A folder read from scratch (never synced, or its UIDVALIDITY changed, RFC 3501 §2.3.1.1): the
 * UIDs below the UIDNEXT of the SELECT, newest first, fetched in batches into the sink as mail that
 * is not new (no `message.received`), then the cursor. Messages arriving meanwhile get UIDs at or
 * above that UIDNEXT, so the next incremental sync takes them as new mail.
 */
export async function firstSync(ctx: SyncContext, folder: MailFolder, box: MailboxObject): Promise<MailFolder> {
  const uidValidity = Number(box.uidValidity);
  const all = box.exists > 0 ? await ctx.link.searchUids() : [];
  const uidNext = box.uidNext > 0 ? box.uidNext : all.reduce((a, b) => Math.max(a, b), 0) + 1;
  for (const batch of newestFirstBatches(all.filter((u) => u < uidNext), FETCH_BATCH)) {
    const messages = await fetchMessages(ctx.link, batch, ctx.logger);
    await ctx.sink.messages(folder, messages, { newMail: false });
    await ctx.progress?.add(batch.length);
  }
  return ctx.sink.cursor(folder, {
    uidValidity,
    uidNext,
    highestModseq: ctx.link.condstore ? (box.highestModseq ?? null) : null,
    deltaLink: null,
  });
}
