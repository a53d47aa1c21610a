import { graphTime } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { StoredMessage, User } from '../state/types.js';
import { attachmentEntries } from './attachment-items.js';
import { graphError } from './graph-error.js';
import { MESSAGE_ID, newAttachmentId, newImmutableId, newInternetMessageId, newRegularId } from './message-ids.js';
import { threadingOf } from './message-view.js';

/**
 * The draft Exchange makes for createReply, createReplyAll and createForward
 * (graph/api/message-createreply, -createreplyall, -createforward): "RE: "/"FW: " subject, the
 * recipients Outlook would pick, the original quoted under a From/Sent/To/Subject block, and
 * In-Reply-To/References pointing at the original, which the sent message carries (sendMail
 * can't set those headers: docs/microsoft.md §2).
 */
export type ReplyKind = 'reply' | 'replyAll' | 'forward';
type Json = Record<string, unknown>;
interface Recipient { emailAddress?: { address?: string; name?: string } }

const list = (v: unknown): Recipient[] => (Array.isArray(v) ? (v as Recipient[]) : []);
const addr = (r: Recipient) => (r.emailAddress?.address ?? '').toLowerCase();
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const show = (rs: Recipient[]) => rs.map((r) => escape(r.emailAddress?.name ? `${r.emailAddress.name} <${r.emailAddress.address ?? ''}>` : (r.emailAddress?.address ?? ''))).join('; ');

function prefixed(prefix: string, subject: unknown): string {
  const s = typeof subject === 'string' ? subject : '';
  return s.toLowerCase().startsWith(prefix.toLowerCase()) ? s : `${prefix}${s}`;
}

function recipientsFor(user: User, original: Json, kind: ReplyKind): { to: Recipient[]; cc: Recipient[] } {
  if (kind === 'forward') return { to: [], cc: [] };
  const replyTo = list(original.replyTo);
  const author = replyTo.length > 0 ? replyTo : list([original.from ?? original.sender].filter(Boolean));
  if (kind === 'reply') return { to: author, cc: [] };
  const own = new Set([user.email, user.mail ?? ''].map((a) => a.toLowerCase()));
  const seen = new Set<string>();
  const keep = (r: Recipient) => { const a = addr(r); if (!a || own.has(a) || seen.has(a)) return false; seen.add(a); return true; };
  const to = [...author, ...list(original.toRecipients)].filter(keep);
  return { to, cc: list(original.ccRecipients).filter(keep) };
}

function quotedBody(original: StoredMessage, comment: string): Json {
  const m = original.message;
  const body = (m.body ?? {}) as { contentType?: string; content?: string };
  const old = /^html$/i.test(body.contentType ?? '') ? (body.content ?? '').replace(/^[\s\S]*<body[^>]*>|<\/body>[\s\S]*$/gi, '') : escape(body.content ?? '').replace(/\r?\n/g, '<br>');
  const header = `<b>From:</b> ${show(list([m.from]))}<br><b>Sent:</b> ${new Date(original.sentDateTime).toUTCString()}<br><b>To:</b> ${show(list(m.toRecipients))}<br>`
    + (list(m.ccRecipients).length ? `<b>Cc:</b> ${show(list(m.ccRecipients))}<br>` : '') + `<b>Subject:</b> ${escape(String(m.subject ?? ''))}`;
  return {
    contentType: 'html',
    content: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div>${escape(comment)}</div>`
      + `<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">${header}<div>&nbsp;</div></div>${old}</body></html>`,
  };
}

/** Makes the draft and puts it in Drafts. `params` are the action's (Comment, Message, ToRecipients), already validated. */
export function createReplyDraft(ctx: EmulatorContext, user: User, original: StoredMessage, kind: ReplyKind, params: Json): StoredMessage {
  const given = (params.Message ?? {}) as Json;
  const comment = typeof params.Comment === 'string' ? params.Comment : '';
  // "Specify either a comment or the body property of the message parameter", not both (message-createreply).
  if (comment && given.body !== undefined) throw graphError('ErrorInvalidRequest');
  // `message` takes any writable property (message-createreply), internetMessageId included: it is
  // writable while the item is a draft (message-update, "Updatable only if isDraft = true").
  const givenId = given.internetMessageId;
  if (givenId !== undefined && (typeof givenId !== 'string' || !MESSAGE_ID.test(givenId))) throw graphError('ErrorInvalidInternetMessageId', { params: { value: String(givenId) } });
  const nowIso = graphTime(ctx.clock.now());
  const { to, cc } = recipientsFor(user, original.message, kind);
  const forwardTo = list(params.ToRecipients);
  const threading = threadingOf(original);
  const references = [threading.references, original.internetMessageId].filter(Boolean).join(' ');
  const attachments = kind === 'forward' ? attachmentEntries(original.message).map((a) => ({ ...a, id: newAttachmentId() })) : [];
  const id = newRegularId();
  const message: Json = {
    subject: prefixed(kind === 'forward' ? 'FW: ' : 'RE: ', original.message.subject),
    body: quotedBody(original, comment),
    toRecipients: forwardTo.length ? forwardTo : to,
    ccRecipients: cc,
    bccRecipients: [],
    ...given,
    id, createdDateTime: nowIso, lastModifiedDateTime: nowIso, isDraft: true,
    ...(attachments.length ? { attachments } : {}),
  };
  const draft: StoredMessage = {
    id, immutableId: newImmutableId(), internetMessageId: typeof givenId === 'string' ? givenId : newInternetMessageId(user), receivedDateTime: nowIso, sentDateTime: nowIso, message,
    inReplyTo: original.internetMessageId, references,
  };
  // Forwarded uploads share their bytes, re-keyed by the copies' ids.
  if (kind === 'forward' && original.attachmentBytes) {
    const byOld = original.attachmentBytes;
    draft.attachmentBytes = Object.fromEntries(attachmentEntries(original.message).flatMap((a, i) => {
      const bytes = byOld[String(a.id)];
      return bytes ? [[String(attachments[i]?.id), bytes]] : [];
    }));
  }
  ctx.store.mailbox(user.id).drafts.push(draft);
  return draft;
}
