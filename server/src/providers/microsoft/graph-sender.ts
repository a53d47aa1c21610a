import { z } from 'zod';
import { MailbridgeError, PayloadTooLargeError, ProviderRejectedError, ProviderUnavailableError } from '../../core/errors.js';
import type { OutgoingMessage } from '../../core/ports.js';
import { DraftsRefused, type DeliveryJob, type MailSender } from '../../core/sending/mail-sender.js';
import { DEFAULT_TIMEOUT_MS, type HttpFetch } from '../../platform/http-client.js';
import type { MicrosoftEndpoints } from './clouds.js';
import { GraphCall, IMMUTABLE_IDS } from './graph-call.js';
import { fitsOneRequest, GRAPH_MAX_REQUEST_BYTES, toGraphAttachment, toGraphMessage, toGraphSendMail } from './graph-message.js';
import { DraftAttachments, DraftGone } from './draft-attachments.js';
import { graphHeadersOnly, ResponseDrafts } from './response-draft.js';
import { mimeAsDraft, mimeFitsOneRequest } from './mime-as-draft.js';
import { mailboxPath } from './graph-mailbox-path.js';
import { appOnlyGraphError } from './app-only-graph-error.js';

/**
 * What Graph answers when asked to send an item that is no longer a draft, or no longer there
 * (emulator/src/graph/graph-errors-table.ts; the first text is unconfirmed against Microsoft).
 */
const FATE_UNKNOWN = new Set(['ErrorInvalidOperation', 'ErrorItemNotFound']);

const Found = z.object({ id: z.string(), isDraft: z.boolean().optional() });
const FoundList = z.object({ value: z.array(Found) });
type Found = z.infer<typeof Found>;

/**
 * How long after a send Microsoft may still not show the message in Sent Items (docs/microsoft.md §2,
 * "Sent Items lag").
 */
export const SENT_ITEMS_LAG_MS = 2 * 60_000;

/**
 * Sending through Microsoft Graph. With `exactly_once` a message goes through a draft whose
 * immutable id is recorded before it is sent (learn.microsoft.com graph/api/message-send,
 * graph/outlook-immutable-id), so after a crash its fate can be looked up instead of guessed:
 * no longer a draft → accepted; still a draft → send it; not found → look again for a while,
 * then start over. With `at_least_once` (no Mail.ReadWrite) it is one sendMail call.
 *
 * A message that does not fit one request (files of 3 MB or more, or over 4 MB in all) gets its
 * draft first, recorded, then its files one by one (draft-attachments.ts), then the send. Raw MIME
 * over 4 MB once base64-encoded is parsed and rebuilt as such a draft (mime-as-draft.ts).
 */
export class GraphSender implements MailSender {
  private readonly graph: GraphCall;
  private readonly attachments: DraftAttachments;
  private readonly responses: ResponseDrafts;

  constructor(endpoints: MicrosoftEndpoints, fetch: HttpFetch, private readonly sentItemsLagMs = SENT_ITEMS_LAG_MS) {
    this.graph = new GraphCall(endpoints, fetch);
    this.attachments = new DraftAttachments(this.graph, fetch);
    this.responses = new ResponseDrafts(this.graph);
  }

  /** With an app-only token (a service mailbox), Graph's refusals are named for it (app-only-graph-error.ts). */
  async deliver(job: DeliveryJob): Promise<void> {
    if (!job.mailbox.appOnly) return this.send(job);
    try {
      await this.send(job);
    } catch (e) {
      throw appOnlyGraphError(e, job.mailbox.address);
    }
  }

  private async send(job: DeliveryJob): Promise<void> {
    if (job.guarantee === 'at_least_once') return this.sendMail(job);
    let draftId = job.progress.draftId;
    if (job.progress.sendStartedAt !== null || (draftId === null && job.attempt > 1)) {
      const found = await this.lookUp(job);
      if (found && !found.isDraft) return; // Microsoft accepted it in an earlier attempt
      if (found) draftId = found.id;
      else if (job.progress.sendStartedAt !== null && job.now().getTime() - job.progress.sendStartedAt.getTime() < this.sentItemsLagMs + DEFAULT_TIMEOUT_MS) {
        // Counted from the send's start plus how long that request may have run.
        const wait = (this.sentItemsLagMs + DEFAULT_TIMEOUT_MS - (job.now().getTime() - job.progress.sendStartedAt.getTime())) / 1000;
        throw new ProviderUnavailableError('Not yet known whether Microsoft accepted the message: looking again shortly', Math.min(wait, 30));
      } else draftId = null;
    }
    // The draft's id and "about to send" are recorded before the send. A crash before that leaves
    // a draft whose id is unknown: the next attempt finds it by its Message-ID.
    // A reply or forward starts as Graph's createReply/createReplyAll/createForward draft, which
    // alone gets In-Reply-To and References; its files are added to it like large ones.
    if (job.content.kind === 'message' && (job.content.message.respondsTo || !fitsOneRequest(job.content.message))) {
      draftId = await this.withFiles(job, job.content.message, draftId);
      await job.checkpoint({ draftId, sendStartedAt: job.now() });
    } else if (job.content.kind === 'mime' && !mimeFitsOneRequest(job.content.mime)) {
      // Its files are read from the parsed MIME, not the file store.
      const { message, extra, read } = await mimeAsDraft(job.content.mime, job.content.envelope, job.mailbox.address);
      draftId = await this.withFiles({ ...job, content: { kind: 'message', message }, readAttachment: read }, message, draftId, extra);
      await job.checkpoint({ draftId, sendStartedAt: job.now() });
    } else if (draftId === null) {
      draftId = await this.createDraft(job);
      await this.record(job, draftId, { sendStartedAt: job.now() });
    } else {
      await job.checkpoint({ draftId, sendStartedAt: job.now() });
    }
    try {
      const res = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(draftId)}/send`, { method: 'POST', headers: { ...IMMUTABLE_IDS } });
      await res.body?.cancel();
    } catch (e) {
      // The draft is gone or no longer a draft: an earlier send of it (one we timed out on, or
      // another attempt's) may have gone through. Its fate is looked up, never guessed.
      if (e instanceof MailbridgeError && FATE_UNKNOWN.has(e.params?.graphCode ?? '')) throw new ProviderUnavailableError('Microsoft no longer holds the draft as a draft: looking up whether it was sent', 5);
      throw e;
    }
  }

  async discard(job: Pick<DeliveryJob, 'cloud' | 'accessToken' | 'progress' | 'mailbox'>): Promise<void> {
    const { draftId } = job.progress;
    if (draftId === null) return;
    // Only what is still a draft: after a send was started, the item may be the sent message.
    const found = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(draftId)}?$select=id,isDraft`, { headers: { ...IMMUTABLE_IDS } }, { allow404: true });
    if (found.status === 404 || Found.parse(await found.json()).isDraft !== true) {
      await found.body?.cancel().catch(() => {});
      return;
    }
    const res = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(draftId)}`, { method: 'DELETE', headers: { ...IMMUTABLE_IDS } }, { allow404: true });
    await res.body?.cancel();
  }

  /**
   * Records a draft this attempt just created. Should that fail (the message was taken over by
   * another instance while the draft was being created: its lease lapsed), the draft is deleted
   * when the Message-ID finds another item besides it (the new owner's draft, or the sent
   * message), so no stray draft stays behind; alone, it is kept for the new owner to find.
   */
  private async record(job: DeliveryJob, draftId: string, more: { sendStartedAt: Date } | { upload: null }): Promise<void> {
    try {
      await job.checkpoint({ draftId, ...more });
    } catch (e) {
      await this.dropIfRedundant(job, draftId).catch(() => {});
      throw e;
    }
  }

  private async dropIfRedundant(job: DeliveryJob, draftId: string): Promise<void> {
    const others = (await this.findAll(job)).filter((m) => m.id !== draftId);
    if (others.length > 0) await this.discard({ cloud: job.cloud, accessToken: job.accessToken, progress: { ...job.progress, draftId }, mailbox: job.mailbox });
  }

  /** Every item with the message's Message-ID (a draft, the sent message). */
  private async findAll(job: DeliveryJob): Promise<Found[]> {
    const filter = `internetMessageId eq '${job.internetMessageId.replace(/'/g, "''")}'`;
    const res = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages?$filter=${encodeURIComponent(filter)}&$select=id,isDraft`, { headers: { ...IMMUTABLE_IDS } });
    return FoundList.parse(await res.json()).value;
  }

  /** The message by its recorded draft id, else by its Message-ID (a draft whose id was never recorded). */
  private async lookUp(job: DeliveryJob): Promise<Found | null> {
    if (job.progress.draftId !== null) {
      const res = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(job.progress.draftId)}?$select=id,isDraft`, { headers: { ...IMMUTABLE_IDS } }, { allow404: true });
      if (res.status !== 404) return Found.parse(await res.json());
      await res.body?.cancel();
    }
    const list = await this.findAll(job);
    return list.find((m) => m.isDraft === false) ?? list[0] ?? null;
  }

  /**
   * A draft holding the message and all its files, going through upload sessions: the draft is
   * created without files and recorded first, so a crash during an upload resumes it. A draft that
   * disappeared meanwhile is replaced once.
   */
  private async withFiles(job: DeliveryJob, message: OutgoingMessage, draftId: string | null, extra: Record<string, unknown> = {}): Promise<string> {
    for (let fresh = 0; ; fresh++) {
      if (draftId === null) {
        draftId = await this.createDraft(job, false, extra);
        await this.record(job, draftId, { upload: null });
      }
      try {
        const copied = message.respondsTo?.kind === 'forward' && message.attachments.length > 0 ? await this.attachments.countOnOriginal(job, message.respondsTo.remoteId) : 0;
        await this.attachments.attachAll(job, draftId, message.attachments, copied);
        return draftId;
      } catch (e) {
        if (!(e instanceof DraftGone) || fresh > 0) throw e instanceof DraftGone ? new ProviderUnavailableError('The draft disappeared while its files were added: starting over shortly', 5) : e;
        draftId = null;
      }
    }
  }

  /**
   * `withFiles: false`: the files are added afterwards (draft-attachments.ts). A reply or forward
   * whose original is gone from the mailbox goes as a new message, without In-Reply-To. `extra`:
   * more Graph message properties (those of a parsed MIME message).
   */
  private async createDraft(job: DeliveryJob, withFiles = true, extra: Record<string, unknown> = {}): Promise<string> {
    try {
      return await this.newDraft(job, withFiles, extra);
    } catch (e) {
      // App-only: a refused draft may be only Mail.ReadWrite missing; the outbox tries sendMail.
      if (job.mailbox.appOnly && isAppOnlyRefusal(e)) throw new DraftsRefused(`Microsoft Graph refused a draft in ${job.mailbox.address}`, { diagnosis: 'app_only_permission_missing', params: { address: job.mailbox.address }, cause: e });
      throw e;
    }
  }

  private async newDraft(job: DeliveryJob, withFiles: boolean, extra: Record<string, unknown>): Promise<string> {
    const { internetMessageId } = job;
    let { content } = job;
    if (content.kind === 'message' && content.message.respondsTo) {
      const id = await this.responses.create(job, content.message, content.message.respondsTo);
      if (id !== null) return id;
      content = { ...content, message: graphHeadersOnly(content.message) };
    }
    const init: RequestInit =
      content.kind === 'mime'
        ? { method: 'POST', headers: { ...IMMUTABLE_IDS, 'content-type': 'text/plain' }, body: content.mime.toString('base64') }
        : {
            method: 'POST',
            headers: { ...IMMUTABLE_IDS, 'content-type': 'application/json' },
            body: checked(JSON.stringify({ ...toGraphMessage(content.message, withFiles ? await filesOf(job, content.message) : null), ...extra, internetMessageId })),
          };
    const res = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages`, init);
    return Found.parse(await res.json()).id;
  }

  private async sendMail(job: DeliveryJob): Promise<void> {
    let { content } = job;
    if (content.kind === 'message' ? !fitsOneRequest(content.message) : !mimeFitsOneRequest(content.mime)) {
      // Queued when the grant still had Mail.ReadWrite, or before the limits were checked.
      throw new ProviderRejectedError('The message needs an upload session, which needs the Mail.ReadWrite permission this account no longer has', { diagnosis: 'large_attachment_permission_missing' });
    }
    if (content.kind === 'message' && content.message.respondsTo) {
      // Without Mail.ReadWrite: `reply`/`replyAll`/`forward` make and send the response at once.
      const { message } = content;
      const files = (await filesOf(job, message)).map((bytes, i) => toGraphAttachment(message.attachments[i]!, bytes));
      checked(JSON.stringify(files));
      await job.checkpoint({ sendStartedAt: job.now() });
      if ((await this.responses.sendDirect(job, message, content.message.respondsTo, files)) === 'sent') return;
      content = { ...content, message: graphHeadersOnly(message) };
    }
    const init: RequestInit =
      content.kind === 'mime'
        ? { method: 'POST', headers: { 'content-type': 'text/plain' }, body: content.mime.toString('base64') }
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: checked(JSON.stringify(toGraphSendMail(content.message, await filesOf(job, content.message), job.internetMessageId))) };
    await job.checkpoint({ sendStartedAt: job.now() });
    const res = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/sendMail`, init);
    await res.body?.cancel();
  }
}

/** A 403 of Graph's to an app-only token that no application access policy explains. */
function isAppOnlyRefusal(e: unknown): boolean {
  const named = appOnlyGraphError(e, '');
  return named !== e && named instanceof MailbridgeError && named.diagnosis === 'app_only_permission_missing';
}

/** The bytes of a message's files, for a request that carries them inline (under 4 MB in all). */
const filesOf = (job: DeliveryJob, m: OutgoingMessage): Promise<Buffer[]> => Promise.all(m.attachments.map((a) => job.readAttachment(a, 0, a.size)));

/** Graph caps a request at 4 MB (docs/microsoft.md §2); larger needs upload sessions (issue 9). */
function checked(body: string): string {
  const bytes = Buffer.byteLength(body);
  if (bytes > GRAPH_MAX_REQUEST_BYTES) {
    throw new PayloadTooLargeError(`The Graph request would be ${bytes} bytes; Microsoft accepts at most 4 MB`, { diagnosis: 'message_too_large', params: { limit: '4 MB' } });
  }
  return body;
}
