import type { EmulatorContext } from '../state/context.js';
import { storeDelivered } from '../state/delivery-listeners.js';
import type { AcceptedMessage, AttachmentBytes, StoredMessage, User } from '../state/types.js';
import { recordAccepted } from './accepted-log.js';
import { attachmentSizes } from './attachment-items.js';
import { graphError } from './graph-error.js';
import { newImmutableId, newInternetMessageId, newRegularId } from './message-ids.js';
import { withoutBcc } from './mime-message.js';
import { takeMessageRate } from './message-rate.js';
import { assertSendSize } from './send-size.js';

type Json = Record<string, unknown>;
interface Recipient { emailAddress?: { address?: string; name?: string } }

/** Graph allows at most 5 custom headers, all named X-… (docs/microsoft.md §2, sendMail). */
const MAX_HEADERS = 5;
// Exchange resolves SMTP addresses only: local@domain.tld, no spaces or brackets.
const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:".]+(\.[^\s@<>()[\],;:".]+)+$/;

function recipients(message: Json, key: string): Recipient[] {
  const v = message[key];
  return Array.isArray(v) ? (v as Recipient[]) : [];
}

/** Header rules Graph applies when a message is created or sent. */
export function checkHeaders(message: Json): void {
  const headers = Array.isArray(message.internetMessageHeaders) ? (message.internetMessageHeaders as Array<{ name?: string }>) : [];
  if (headers.length > MAX_HEADERS) throw graphError('InvalidInternetMessageHeaderCollection');
  for (const h of headers) {
    if (!/^x-/i.test(h.name ?? '')) throw graphError('InvalidInternetMessageHeader', { params: { name: h.name ?? '' } });
  }
}

function checkRecipients(message: Json): Recipient[] {
  const all = ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap((k) => recipients(message, k));
  if (all.length === 0) {
    throw graphError('ErrorInvalidRecipients', { message: "At least one recipient isn't valid., A message can't be sent because it contains no recipients." });
  }
  for (const r of all) {
    const address = r.emailAddress?.address ?? '';
    if (!ADDRESS.test(address)) throw graphError('ErrorInvalidRecipients', { params: { recipient: address || (r.emailAddress?.name ?? '') } });
  }
  return all;
}

/** The addresses a user may put in `from` (Graph) or MAIL FROM / From: (SMTP): their own plus explicit send-as rights. */
export function maySendAs(user: User, address: string): boolean {
  const own = [user.email, user.mail ?? '', ...user.sendAs].map((a) => a.toLowerCase());
  return own.includes(address.toLowerCase());
}

export interface SubmitOptions {
  saveToSentItems: boolean;
  via: AcceptedMessage['via'];
  /** SMTP only: the envelope, for the accepted log. */
  envelope?: AcceptedMessage['envelope'];
  /** Raw MIME text when the message was sent as MIME. */
  mime?: string;
  /** The draft's immutable id, kept by its Sent Items copy. */
  immutableId?: string;
  /** The draft's uploaded attachment bytes, which every copy shares. */
  attachmentBytes?: Record<string, AttachmentBytes>;
  /** A reply's or forward's In-Reply-To and References (set by createReply…), which every copy carries. */
  threading?: { inReplyTo?: string; references?: string };
}

/**
 * Accepts a message for delivery (what 202 means at Microsoft: accepted, not delivered) and
 * then "delivers" it (deliverMessage) to the emulator users among the recipients. Over the
 * per-minute limit it throws a 429 instead; over the mailbox's maximum send size, a 400.
 */
export function submitMessage(ctx: EmulatorContext, sender: User, message: Json, opts: SubmitOptions): StoredMessage {
  if (sender.mailboxFull) throw graphError('ErrorQuotaExceeded');
  checkHeaders(message);
  const all = checkRecipients(message);
  const fromAddress = (message.from as Recipient | undefined)?.emailAddress?.address;
  if (fromAddress && !maySendAs(sender, fromAddress)) throw graphError('ErrorSendAsDenied');
  assertSendSize(sender, attachmentSizes(message));
  takeMessageRate(ctx, sender);
  return deliverMessage(ctx, sender, message, all.map((r) => r.emailAddress?.address ?? ''), opts);
}

/**
 * Stores an accepted message and "delivers" it, whichever way it came in (Graph or SMTP): a copy
 * in the sender's Sent Items unless saveToSentItems is false (shown only after the Sent Items
 * lag), the accepted log, and a copy in the Inbox of every emulator user among `deliverTo` whose
 * mailbox is enabled (Bcc hidden from their copies, the MIME's Bcc field too). No checks: the caller made them.
 */
export function deliverMessage(ctx: EmulatorContext, sender: User, message: Json, deliverTo: string[], opts: SubmitOptions): StoredMessage {
  const now = ctx.clock.now();
  const nowIso = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const self = { emailAddress: { name: sender.displayName, address: sender.mail ?? sender.email } };
  const attachments = Array.isArray(message.attachments) ? message.attachments : [];
  const full: Json = {
    ...message,
    id: newRegularId(),
    internetMessageId: typeof message.internetMessageId === 'string' ? message.internetMessageId : newInternetMessageId(sender),
    from: message.from ?? self,
    sender: message.sender ?? message.from ?? self,
    isDraft: false,
    hasAttachments: attachments.length > 0,
    sentDateTime: nowIso,
    receivedDateTime: nowIso,
  };
  const stored = (m: Json, immutableId: string, mime = opts.mime): StoredMessage => ({
    id: m.id as string, immutableId, internetMessageId: m.internetMessageId as string,
    receivedDateTime: nowIso, sentDateTime: nowIso, message: m, ...(mime !== undefined ? { mime } : {}),
    ...(opts.attachmentBytes ? { attachmentBytes: opts.attachmentBytes } : {}), ...opts.threading,
  });
  const sent = stored(full, opts.immutableId ?? newImmutableId());
  const lag = ctx.store.traffic.sentItemsLagMs;
  if (lag > 0) sent.visibleAt = now + lag;
  if (opts.saveToSentItems) storeDelivered(ctx, sender, 'sentitems', sent);
  recordAccepted(ctx, sender, sent, opts.via, opts.envelope);
  const delivered = new Set<string>();
  const recipientMime = opts.mime === undefined ? undefined : withoutBcc(opts.mime);
  for (const address of deliverTo) {
    const target = ctx.store.userByEmail(address) ?? findByMail(ctx, address);
    if (!target || delivered.has(target.id) || !target.mailboxEnabled) continue;
    delivered.add(target.id);
    const { bccRecipients: _bcc, ...visible } = structuredClone(full);
    storeDelivered(ctx, target, 'inbox', stored({ ...visible, id: newRegularId() }, newImmutableId(), recipientMime));
  }
  return sent;
}

function findByMail(ctx: EmulatorContext, address: string): User | undefined {
  const a = address.toLowerCase();
  for (const u of ctx.store.users.values()) if (u.mail?.toLowerCase() === a) return u;
  return undefined;
}
