import { z } from 'zod';
import { ProviderRejectedError } from '../../core/errors.js';
import type { OutgoingMessage } from '../../core/ports.js';
import type { DeliveryJob } from '../../core/sending/mail-sender.js';
import { mailboxPath } from './graph-mailbox-path.js';
import { GraphCall, IMMUTABLE_IDS } from './graph-call.js';
import { toGraphMessage } from './graph-message.js';

type Responds = NonNullable<OutgoingMessage['respondsTo']>;

/**
 * Graph's actions per kind of response (learn.microsoft.com graph/api/message-createreply,
 * -createreplyall, -createforward; message-reply, -replyall, -forward): `create` makes a draft
 * (Mail.ReadWrite), `direct` makes and sends it at once (202, Mail.Send only).
 */
const ACTIONS: Readonly<Record<Responds['kind'], { create: string; direct: string }>> = {
  reply: { create: 'createReply', direct: 'reply' },
  replyAll: { create: 'createReplyAll', direct: 'replyAll' },
  forward: { create: 'createForward', direct: 'forward' },
};

const Created = z.object({ id: z.string(), internetMessageId: z.string().nullish() });

/** The message with only the headers Graph takes (`X-`, docs/microsoft.md §2); no respondsTo. */
export function graphHeadersOnly(m: OutgoingMessage): OutgoingMessage {
  const { respondsTo: _r, ...rest } = m;
  return { ...rest, headers: Object.fromEntries(Object.entries(m.headers).filter(([name]) => /^x-/i.test(name))) };
}

/**
 * The `message` parameter of a response action: Mailbridge's own recipients, subject and body
 * (which already quotes the original, so no `comment`: Graph refuses both), and only the `X-`
 * headers Graph allows; In-Reply-To and References, which Mailbridge composed for SMTP, are the
 * ones Graph itself gives the response (docs/microsoft.md §2). Cc and Bcc are always given, empty
 * or not, so Graph's own reply-all picks never add to Mailbridge's.
 */
export function responseMessage(m: OutgoingMessage, internetMessageId: string): Record<string, unknown> {
  const message = toGraphMessage({ ...graphHeadersOnly(m), attachments: [] }, null);
  return { ...message, ccRecipients: message.ccRecipients ?? [], bccRecipients: message.bccRecipients ?? [], internetMessageId };
}

/**
 * Drafts of replies and forwards. The draft is given the message's Message-ID at creation, which
 * `message` may carry like any writable property; should Graph not keep it, it is set with a
 * PATCH (message-update: internetMessageId is "Updatable only if isDraft = true"), so that after
 * a crash the draft is found by its Message-ID like any other (graph-sender.ts). Whether Graph
 * keeps a Message-ID given to createReply is **unconfirmed**; the emulator keeps it.
 */
export class ResponseDrafts {
  constructor(private readonly graph: GraphCall) {}

  /** The draft's immutable id; null when the original is no longer in the mailbox (404). */
  async create(job: DeliveryJob, m: OutgoingMessage, respondsTo: Responds): Promise<string | null> {
    const res = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(respondsTo.remoteId)}/${ACTIONS[respondsTo.kind].create}`, {
      method: 'POST',
      headers: { ...IMMUTABLE_IDS, 'content-type': 'application/json' },
      body: JSON.stringify({ message: responseMessage(m, job.internetMessageId) }),
    }, { allow404: true });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    const draft = Created.parse(await res.json());
    if (draft.internetMessageId === job.internetMessageId) return draft.id;
    try {
      const patched = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(draft.id)}`, {
        method: 'PATCH',
        headers: { ...IMMUTABLE_IDS, 'content-type': 'application/json' },
        body: JSON.stringify({ internetMessageId: job.internetMessageId }),
      });
      await patched.body?.cancel();
      return draft.id;
    } catch (e) {
      // Refused outright: the draft keeps Microsoft's Message-ID and is sent that way, found after
      // a crash by the id recorded for it (a draft lost before that stays an unsent draft).
      if (e instanceof ProviderRejectedError) return draft.id;
      // No answer: the next attempt must not find a second, unrecorded draft; it makes a new one.
      const gone = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(draft.id)}`, { method: 'DELETE', headers: { ...IMMUTABLE_IDS } }, { allow404: true }).catch(() => null);
      await gone?.body?.cancel();
      throw e;
    }
  }

  /** At least once (no Mail.ReadWrite): `reply`/`replyAll`/`forward` create and send in one call (202). */
  async sendDirect(job: DeliveryJob, m: OutgoingMessage, respondsTo: Responds, files: Record<string, unknown>[]): Promise<'sent' | 'original_gone'> {
    const message = { ...responseMessage(m, job.internetMessageId), ...(files.length > 0 ? { attachments: files } : {}) };
    const res = await this.graph.request(job.cloud, job.accessToken, `${mailboxPath(job.mailbox)}/messages/${encodeURIComponent(respondsTo.remoteId)}/${ACTIONS[respondsTo.kind].direct}`, {
      method: 'POST',
      headers: { ...IMMUTABLE_IDS, 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    }, { allow404: true });
    await res.body?.cancel();
    return res.status === 404 ? 'original_gone' : 'sent';
  }
}
