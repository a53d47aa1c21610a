import { z } from 'zod';
import { ProviderUnavailableError } from '../../core/errors.js';
import { ATTACHMENT_CHUNK_BYTES, UPLOAD_SESSION_MIN_BYTES } from '../../core/attachments/attachment-limits.js';
import type { OutgoingAttachment } from '../../core/ports.js';
import { Sensitive } from '../../core/sensitive.js';
import type { DeliveryJob } from '../../core/sending/mail-sender.js';
import type { HttpFetch } from '../../platform/http-client.js';
import { GraphCall, IMMUTABLE_IDS } from './graph-call.js';
import { toGraphAttachment } from './graph-message.js';
import { UploadSession } from './upload-session.js';
import { mailboxPath } from './graph-mailbox-path.js';

const AttachmentList = z.object({ value: z.array(z.object({ id: z.string() })), '@odata.nextLink': z.string().optional() });
const CreatedSession = z.object({ uploadUrl: z.string().url() });

/** Fragments in a row that may go unanswered before the attempt gives up (the outbox retries later). */
const MAX_LOST_FRAGMENTS = 3;

/** The draft is gone (deleted in Outlook, or never there): the message starts over with a new one. */
export class DraftGone extends Error {}

/**
 * Adds a message's files to its draft, in order (learn.microsoft.com graph/outlook-large-attachments):
 * files under 3 MB in one POST each, larger ones through an upload session in fragments of
 * ATTACHMENT_CHUNK_BYTES. Resumable: the files the draft already has are counted first (a crash
 * may have come after any step), and an upload session recorded by an earlier attempt is asked
 * where it stands and continued.
 */
export class DraftAttachments {
  constructor(
    private readonly graph: GraphCall,
    private readonly fetch: HttpFetch,
  ) {}

  /**
   * `already`: files the draft had before any of the message's own were added (those Graph copied
   * into a createForward draft from the original); they are not counted as the message's.
   */
  async attachAll(job: DeliveryJob, draftId: string, files: OutgoingAttachment[], already = 0): Promise<void> {
    if (files.length === 0) return;
    for (let i = Math.max(0, (await this.countOnDraft(job, draftId)) - already); i < files.length; i++) {
      const file = files[i]!;
      if (file.size < UPLOAD_SESSION_MIN_BYTES) await this.post(job, draftId, file);
      else await this.upload(job, draftId, i, file, already);
    }
  }

  private async post(job: DeliveryJob, draftId: string, file: OutgoingAttachment): Promise<void> {
    const body = JSON.stringify(toGraphAttachment(file, await job.readAttachment(file, 0, file.size)));
    const res = await this.draftRequest(job, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(draftId)}/attachments`, { method: 'POST', headers: { ...IMMUTABLE_IDS, 'content-type': 'application/json' }, body });
    await res.body?.cancel();
  }

  /** One large file through an upload session, resumed when an earlier attempt left one. */
  private async upload(job: DeliveryJob, draftId: string, index: number, file: OutgoingAttachment, already: number): Promise<void> {
    const recorded = job.progress.upload?.index === index ? new UploadSession(this.fetch, job.progress.upload.url) : null;
    let session = recorded;
    let offset = recorded ? await recorded.status() : null;
    let lost = 0;
    for (;;) {
      if (offset !== null && offset >= file.size) offset = null; // nothing left to send: ask the draft
      if (session === null || offset === null) {
        // The recorded session is gone. If its last fragment landed, the file is on the draft.
        if (session !== null && (await this.countOnDraft(job, draftId)) - already > index) break;
        session = await this.createSession(job, draftId, file);
        await job.checkpoint({ upload: { index, url: session.url } });
        offset = 0;
      }
      const end = Math.min(offset + ATTACHMENT_CHUNK_BYTES, file.size);
      const result = await session.put(await job.readAttachment(file, offset, end), offset, file.size);
      if (result.kind === 'done') break;
      if (result.kind === 'next') {
        offset = result.offset;
        lost = 0;
        continue;
      }
      if (result.kind === 'lost' && ++lost > MAX_LOST_FRAGMENTS) throw new ProviderUnavailableError(`Microsoft did not take a fragment of "${file.filename}" (${result.reason}): resuming later`, 5);
      offset = await session.status();
    }
    await job.checkpoint({ upload: null });
  }

  private async createSession(job: DeliveryJob, draftId: string, file: OutgoingAttachment): Promise<UploadSession> {
    const item = { attachmentType: 'file', name: file.filename, size: file.size, contentType: file.contentType, isInline: file.inline, ...(file.contentId ? { contentId: file.contentId } : {}) };
    const res = await this.draftRequest(job, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(draftId)}/attachments/createUploadSession`, {
      method: 'POST',
      headers: { ...IMMUTABLE_IDS, 'content-type': 'application/json' },
      body: JSON.stringify({ AttachmentItem: item }),
    });
    const created = CreatedSession.safeParse(await res.json().catch(() => null));
    if (!created.success) throw new ProviderUnavailableError('Microsoft answered createUploadSession without an upload URL', 5);
    // The file goes only over TLS, or to Graph's own origin (an emulator on loopback in tests).
    const target = new URL(created.data.uploadUrl);
    if (target.protocol !== 'https:' && target.origin !== this.graph.origin(job.cloud)) throw new ProviderUnavailableError('Microsoft answered createUploadSession with an upload URL that is not https', 60);
    return new UploadSession(this.fetch, new Sensitive(created.data.uploadUrl));
  }

  /** How many files the original of a forward has (0 once it is gone): what createForward copied. */
  async countOnOriginal(job: DeliveryJob, messageId: string): Promise<number> {
    try {
      return await this.countOnDraft(job, messageId);
    } catch (e) {
      if (e instanceof DraftGone) return 0;
      throw e;
    }
  }

  /** How many files the draft has: the files before that index are done. */
  private async countOnDraft(job: DeliveryJob, draftId: string): Promise<number> {
    let count = 0;
    let path: string | null = `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(draftId)}/attachments?$select=id`;
    while (path !== null) {
      const res = await this.draftRequest(job, path, { headers: { ...IMMUTABLE_IDS } });
      const page = AttachmentList.parse(await res.json());
      count += page.value.length;
      const link = page['@odata.nextLink'];
      // The whole link: GraphCall takes it when it starts with this cloud's Graph base.
      path = link ?? null;
    }
    return count;
  }

  /** A request on the draft; its disappearance (404) is DraftGone. */
  private async draftRequest(job: DeliveryJob, path: string, init: RequestInit): Promise<Response> {
    const res = await this.graph.request(job.cloud, job.accessToken, path, init, { allow404: true });
    if (res.status === 404) {
      await res.body?.cancel();
      throw new DraftGone();
    }
    return res;
  }
}
