import type { MailboxObject } from 'imapflow';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { IncomingMailMessage } from '../../../core/mailbox/mail-message.js';
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
  const batches = newestFirstBatches(all.filter((u) => u < uidNext), FETCH_BATCH);
  // The next batch is asked for before this one is stored: its FETCH overlaps the database write
  // (one command at a time on the connection still: a batch's answer is in before the next is asked).
  let next = batches.length > 0 ? prefetch(ctx, batches[0]!) : null;
  for (let i = 0; i < batches.length; i++) {
    const messages = await next!.result();
    next = i + 1 < batches.length ? prefetch(ctx, batches[i + 1]!) : null;
    try {
      await ctx.sink.messages(folder, messages, { newMail: false });
      await ctx.progress?.add(batches[i]!.length);
    } catch (err) {
      await next?.settled();
      throw err;
    }
  }
  return ctx.sink.cursor(folder, {
    uidValidity,
    uidNext,
    highestModseq: ctx.link.condstore ? (box.highestModseq ?? null) : null,
    deltaLink: null,
  });
}

/** A batch's FETCH under way: its answer, or the wait for it to end either way (never rejects). */
function prefetch(ctx: SyncContext, batch: number[]): { result: () => Promise<IncomingMailMessage[]>; settled: () => Promise<unknown> } {
  const pending = fetchMessages(ctx.link, batch, ctx.logger);
  const settled = pending.then(
    () => undefined,
    () => undefined,
  );
  return { result: () => pending, settled: () => settled };
}
