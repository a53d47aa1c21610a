import { z } from 'zod';
import { MailbridgeError, NotFoundError, ProviderUnavailableError } from '../../../core/errors.js';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { MailFlags } from '../../../core/mailbox/mail-message.js';
import type { MailboxCredentials, MailboxReader, MailboxSink } from '../../../core/mailbox/mailbox-reader.js';
import type { HttpFetch } from '../../../platform/http-client.js';
import type { MicrosoftEndpoints } from '../clouds.js';
import { ON_DEMAND_POLICY, ReaderCall, SYNC_POLICY } from './reader-call.js';
import { backoffDelay, pause, pollDelay, READER_DELAYS } from './retry-delays.js';
import { syncPass, type PassMemory } from './sync-pass.js';

export interface GraphReaderOptions {
  /** Between two passes (jittered ± 20 %). */
  pollMs: number;
  /** Jitter's source (tests make it fixed). */
  random?: () => number;
  /** The first own backoff when Graph gives no Retry-After (default 2 s; tests shorten it). */
  backoffMs?: number;
}

/** The longest wait between reconnect attempts after network errors. */
const MAX_RECONNECT_MS = 2 * 60_000;

const Moved = z.object({ id: z.string() });

/**
 * Reading a mailbox through Microsoft Graph v1.0 (docs/microsoft.md §2 "Reading and changing the
 * mailbox"): folders from `mailFolders`, messages from `messages/delta` per folder, polled every
 * `pollMs`; immutable ids throughout (learn.microsoft.com graph/outlook-immutable-id), so a
 * message's remote id survives moves within the mailbox.
 */
export class GraphReader implements MailboxReader {
  private readonly random: () => number;
  private readonly backoffMs: number;

  constructor(
    private readonly endpoints: MicrosoftEndpoints,
    private readonly fetch: HttpFetch,
    private readonly opts: GraphReaderOptions,
  ) {
    this.random = opts.random ?? Math.random;
    this.backoffMs = opts.backoffMs ?? READER_DELAYS.backoffMs;
  }

  async run(credentials: MailboxCredentials, sink: MailboxSink, signal: AbortSignal): Promise<void> {
    const call = this.call(credentials);
    const policy = SYNC_POLICY(signal);
    const memory: PassMemory = { roleIds: null };
    for (let failures = 0; !signal.aborted; ) {
      try {
        call.renewToken();
        await syncPass(call, policy, sink, memory);
        failures = 0;
        if (!(await pause(pollDelay(this.opts.pollMs, this.random), signal))) return;
      } catch (e) {
        if (signal.aborted) return;
        const error = transient(e);
        if (!error) throw e;
        await sink.reconnecting(error.toProblem(new Date()));
        const wait = error.retryAfter !== undefined ? error.retryAfter * 1000 : backoffDelay(failures++, this.random, this.backoffMs, MAX_RECONNECT_MS);
        if (!(await pause(wait, signal))) return;
      }
    }
  }

  /** `GET /me/messages/{id}/$value` (learn.microsoft.com graph/outlook-get-mime-message): reading it leaves isRead alone. */
  async fetchMime(credentials: MailboxCredentials, _folder: MailFolder, remoteId: string): Promise<Buffer> {
    const res = await this.onDemand(credentials, `/me/messages/${encodeURIComponent(remoteId)}/$value`, { headers: { accept: '*/*' } });
    return Buffer.from(await res.arrayBuffer());
  }

  /** `PATCH /me/messages/{id}` with `isRead` and `flag.flagStatus` (learn.microsoft.com graph/api/message-update). */
  async setFlags(credentials: MailboxCredentials, _folder: MailFolder, remoteId: string, flags: Partial<MailFlags>): Promise<void> {
    const patch: Record<string, unknown> = {};
    if (flags.unread !== undefined) patch.isRead = !flags.unread;
    if (flags.flagged !== undefined) patch.flag = { flagStatus: flags.flagged ? 'flagged' : 'notFlagged' };
    if (Object.keys(patch).length === 0) return;
    const res = await this.onDemand(credentials, `/me/messages/${encodeURIComponent(remoteId)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    await res.body?.cancel();
  }

  /**
   * `POST /me/messages/{id}/move` `{destinationId}` → 201 with the moved message
   * (learn.microsoft.com graph/api/message-move). An immutable id survives the move, but the id
   * Graph answers is taken rather than assumed.
   */
  async move(credentials: MailboxCredentials, _folder: MailFolder, remoteId: string, target: MailFolder): Promise<string | null> {
    const res = await this.onDemand(credentials, `/me/messages/${encodeURIComponent(remoteId)}/move`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destinationId: target.remoteId }),
    });
    const moved = Moved.safeParse(await res.json().catch(() => null));
    return moved.success ? moved.data.id : null;
  }

  private call(credentials: MailboxCredentials): ReaderCall {
    return new ReaderCall(this.endpoints, this.fetch, credentials, this.random, this.backoffMs);
  }

  /** A request a person waits on; a message no longer in the mailbox is NotFoundError. */
  private async onDemand(credentials: MailboxCredentials, path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.call(credentials).request(path, init, ON_DEMAND_POLICY);
    } catch (e) {
      if (e instanceof MailbridgeError && e.params?.graphCode === 'ErrorItemNotFound') throw new NotFoundError('The message');
      throw e;
    }
  }
}

/** The error as one to reconnect after (throttling, Microsoft's trouble, no answer, an unreadable answer), or null. */
function transient(e: unknown): MailbridgeError | null {
  if (e instanceof MailbridgeError) return e.code === 'throttled' || e.code === 'provider_unavailable' ? e : null;
  if (e instanceof z.ZodError) return new ProviderUnavailableError('Microsoft Graph answered something that cannot be read', undefined, { cause: e });
  return null;
}
