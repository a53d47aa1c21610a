import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import { ProviderUnavailableError } from '../../../core/errors.js';
import { syncFolder } from './folder-sync.js';
import { incrementalSync } from './incremental-sync.js';
import type { MailboxChanges } from './imap-link.js';
import { inboxOf, periodicCheck, type MailboxState } from './sync-pass.js';
import type { SyncContext } from './sync-context.js';

export interface IdleLoopOptions {
  /** One IDLE lasts at most this long (MAILBRIDGE_IMAP_IDLE_SECONDS; Exchange drops long IDLEs silently). */
  idleMs: number;
  /** A silent connection is found within this (MAILBRIDGE_IMAP_LIVENESS_SECONDS). */
  livenessMs: number;
  /** The other folders are looked at every this many IDLE rounds. */
  checkEvery: number;
  /** And without CONDSTORE, their flags every this many looks. */
  flagsEvery: number;
}

/**
 * The life of a connection once the first pass is done: IDLE on the inbox (RFC 2177), each round
 * ended by what the server reports (EXISTS, EXPUNGE, FETCH: the inbox synced for it) or by the
 * clock, then a NOOP that must be answered (Liveness). A round lasts at most a third of the
 * liveness time (and at most `idleMs`), so a connection that went silent just after a NOOP is found
 * by the next one within the liveness time. Every `checkEvery` rounds the other folders are looked
 * at (periodicCheck), the inbox's recent flags too. Returns when `signal` aborts; throws when the
 * connection fails (the reader reconnects).
 */
export async function idleLoop(ctx: Omit<SyncContext, 'progress'>, state: MailboxState, signal: AbortSignal, opts: IdleLoopOptions): Promise<void> {
  const sync: SyncContext = { ...ctx, progress: null };
  const roundMs = Math.max(10, Math.min(opts.idleMs, Math.floor(opts.livenessMs / 3)));
  let inbox = inboxOf(state);
  if (inbox) {
    ctx.link.watch(inbox.remoteId);
    inbox = await enterInbox(sync, state, inbox, false);
  }
  for (let round = 1; !signal.aborted; round++) {
    if (inbox) {
      const changes = ctx.link.takeChanges();
      if (changes.exists || changes.expunge || changes.flags) inbox = await inboxChanged(sync, inbox, changes);
    }
    if (round % opts.checkEvery === 0) {
      if (inbox) state.snapshots.set(inbox.remoteId, { messages: box(ctx).exists, uidNext: inbox.sync.uidNext ?? 1, uidValidity: inbox.sync.uidValidity ?? 0, highestModseq: null });
      await periodicCheck(ctx, state, { flagsEverywhere: (round / opts.checkEvery) % opts.flagsEvery === 0 });
      inbox = inboxOf(state);
      if (inbox) {
        ctx.link.watch(inbox.remoteId);
        inbox = await enterInbox(sync, state, inbox, true);
      }
    }
    if (signal.aborted) return;
    await idleRound(ctx, signal, roundMs, inbox !== null);
  }
}

const box = (ctx: Omit<SyncContext, 'progress'>) => {
  const mailbox = ctx.link.client.mailbox;
  if (!mailbox) throw new ProviderUnavailableError('The IMAP connection has no mailbox selected');
  return mailbox;
};

/**
 * IDLE until a change, the end of the round or `signal`; then a NOOP ends it (imapflow sends DONE
 * first) and proves the server still answers. The loop alone ends and re-issues IDLE (imapflow's
 * own restart, `maxIdleTime`, is off: imap-sign-in.ts), so once the NOOP is answered the IDLE
 * command is over and `client.idle()` has settled; it is awaited for its cleanup only.
 */
async function idleRound(ctx: Omit<SyncContext, 'progress'>, signal: AbortSignal, roundMs: number, idle: boolean): Promise<void> {
  const idling = idle ? ctx.link.client.idle().catch(() => false) : Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  await Promise.race([
    ctx.link.nextChange(),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, roundMs))),
    new Promise<void>((resolve) => signal.addEventListener('abort', (onAbort = () => resolve()), { once: true })),
  ]);
  clearTimeout(timer);
  if (onAbort) signal.removeEventListener('abort', onAbort);
  if (signal.aborted) return;
  if (ctx.link.client.isClosed) throw new ProviderUnavailableError('The IMAP server closed the connection');
  await ctx.link.noop();
  await idling;
}

/** The inbox after what the server reported in IDLE: new mail, then expunges, then flags, as reported. */
async function inboxChanged(ctx: SyncContext, inbox: MailFolder, changes: MailboxChanges): Promise<MailFolder> {
  return incrementalSync(ctx, inbox, box(ctx), { newMail: changes.exists, expunges: changes.expunge, flags: changes.flags });
}

/**
 * The inbox selected again (after the other folders were looked at): what changed while away is
 * told by the SELECT against what was known on leaving: a higher UIDNEXT is new mail; fewer
 * messages than the arrivals explain means expunges; `flags` refreshes the recent flags. A new
 * UIDVALIDITY, or nothing known, is a whole folder sync.
 */
async function enterInbox(ctx: SyncContext, state: MailboxState, inbox: MailFolder, flags: boolean): Promise<MailFolder> {
  const before = state.snapshots.get(inbox.remoteId);
  const selected = await ctx.link.select(inbox.remoteId);
  if (!before || inbox.sync.uidNext === null || Number(selected.uidValidity) !== inbox.sync.uidValidity) {
    const done = await syncFolder(ctx, inbox);
    state.snapshots.set(inbox.remoteId, done.snapshot);
    return done.folder;
  }
  const arrived = Math.max(0, selected.uidNext - before.uidNext);
  return incrementalSync(ctx, inbox, selected, {
    newMail: selected.uidNext > inbox.sync.uidNext,
    expunges: selected.exists !== before.messages + arrived,
    flags,
  });
}
