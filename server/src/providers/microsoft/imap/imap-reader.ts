import { pause } from '../../../core/pause.js';
import { MailbridgeError } from '../../../core/errors.js';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { MailFlags } from '../../../core/mailbox/mail-message.js';
import type { MailboxCredentials, MailboxReader, MailboxSink } from '../../../core/mailbox/mailbox-reader.js';
import type { Logger } from '../../../platform/logger.js';
import type { MicrosoftEndpoints } from '../clouds.js';
import { reconnectDelay } from './backoff.js';
import { idleLoop } from './idle-loop.js';
import { imapError, serverText } from './imap-error.js';
import type { ImapLink } from './imap-link.js';
import { signIn, type SignInOptions } from './imap-sign-in.js';
import { OnDemandLinks } from './on-demand-links.js';
import { fetchMimeOp, moveOp, setFlagsOp } from './on-demand-ops.js';
import { emptyState, fullPass } from './sync-pass.js';

export interface ImapReaderOptions {
  /** IDLE is re-issued at least this often (MAILBRIDGE_IMAP_IDLE_SECONDS). */
  idleMs: number;
  /** A connection that stops answering is found and replaced within this (MAILBRIDGE_IMAP_LIVENESS_SECONDS). */
  livenessMs: number;
  logger?: Logger;
  /** For the reconnection jitter; Math.random by default. */
  random?: () => number;
}

/** How long LOGOUT may take before the socket is simply closed. */
const LOGOUT_MS = 1_000;

/**
 * Reading a mailbox over Exchange Online's IMAP (method `smtp_imap`; docs/microsoft.md §3) with
 * imapflow and XOAUTH2. `run` keeps one long-lived connection per account: a whole pass (folders,
 * first or incremental sync of each), then IDLE on the inbox with a liveness check
 * (idle-loop.ts); on any connection failure it tells the sink, waits (exponential backoff with
 * jitter, at most the liveness time) and starts again with a whole pass, so nothing is missed.
 * On-demand operations use a second, short connection (on-demand-links.ts). Tokens are never
 * logged: imapflow's logger is off (imap-sign-in.ts).
 */
export class ImapReader implements MailboxReader {
  private readonly signIn: SignInOptions;
  private readonly onDemand: OnDemandLinks;

  constructor(private readonly endpoints: MicrosoftEndpoints, private readonly opts: ImapReaderOptions) {
    // Half the liveness time for an answer, a third between NOOPs: a silence is found within the whole (idle-loop.ts).
    this.signIn = { livenessMs: Math.max(20, Math.floor(opts.livenessMs / 2)), logger: opts.logger };
    this.onDemand = new OnDemandLinks(endpoints, this.signIn);
  }

  async run(credentials: MailboxCredentials, sink: MailboxSink, signal: AbortSignal): Promise<void> {
    const log = this.opts.logger?.child({ accountId: credentials.accountId });
    for (let attempt = 0; !signal.aborted; ) {
      let link: ImapLink | undefined;
      const stop = () => void link?.logout(LOGOUT_MS);
      signal.addEventListener('abort', stop, { once: true });
      try {
        link = await signIn(this.endpoints, credentials, this.signIn);
        if (signal.aborted) return;
        const ctx = { link, sink, logger: log };
        const state = emptyState();
        await fullPass(ctx, state);
        attempt = 0;
        await idleLoop(ctx, state, signal, { idleMs: this.opts.idleMs, livenessMs: this.opts.livenessMs, checkEvery: 3, flagsEvery: 5 });
      } catch (err) {
        if (signal.aborted) return;
        // A person is needed (the grant, IMAP switched off) or our own store failed: the caller decides.
        if (err instanceof MailbridgeError && err.code !== 'provider_unavailable' && err.code !== 'throttled') throw err;
        const typed = imapError(err, 'The IMAP sync');
        log?.warn({ reason: serverText(typed), attempt }, 'IMAP connection lost; reconnecting');
        await sink.reconnecting(typed.code === 'throttled' ? typed.toProblem(new Date()) : null);
        await pause(reconnectDelay(attempt++, { baseMs: Math.min(1_000, this.opts.livenessMs / 4), capMs: this.opts.livenessMs, random: this.opts.random ?? Math.random }), signal);
      } finally {
        signal.removeEventListener('abort', stop);
        await link?.logout(LOGOUT_MS);
      }
    }
  }

  fetchMime(credentials: MailboxCredentials, folder: MailFolder, remoteId: string): Promise<Buffer> {
    return this.onDemand.use(credentials, (link) => fetchMimeOp(link, folder, remoteId));
  }

  setFlags(credentials: MailboxCredentials, folder: MailFolder, remoteId: string, flags: Partial<MailFlags>): Promise<void> {
    return this.onDemand.use(credentials, (link) => setFlagsOp(link, folder, remoteId, flags));
  }

  move(credentials: MailboxCredentials, folder: MailFolder, remoteId: string, target: MailFolder): Promise<string | null> {
    return this.onDemand.use(credentials, (link) => moveOp(link, folder, remoteId, target));
  }

  /** Signs out of the on-demand connections still open (at shutdown; `run` ends with its signal). */
  close(): Promise<void> {
    return this.onDemand.close();
  }
}
