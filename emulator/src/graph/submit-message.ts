import { randomToken } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { StoredMessage, User } from '../state/types.js';
import { graphError } from './graph-error.js';

type Json = Record<string, unknown>;
interface Recipient { emailAddress?: { address?: string; name?: string } }

/** Graph allows at most 5 custom headers, all named X-… (MICROSOFT.md §2, sendMail). */
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

/** The addresses a user may put in `from`: their own plus explicit send-as rights. */
function maySendAs(user: User, address: string): boolean {
  const own = [user.email, user.mail ?? '', ...user.sendAs].map((a) => a.toLowerCase());
  return own.includes(address.toLowerCase());
}

export function newMessageIds(user: User): { id: string; internetMessageId: string } {
  const domain = (user.mail ?? user.email).split('@')[1] ?? 'emulator.local';
  return {
    id: `AAMkAG${randomToken(80)}`,
    internetMessageId: `<${randomToken(18).toUpperCase()}@${domain.replace(/\W/g, '').toUpperCase()}.prod.outlook.com>`,
  };
}

/**
 * Accepts a message for delivery (what 202 means at Microsoft: accepted, not delivered) and
 * then "delivers" it: a copy in the sender's Sent Items unless saveToSentItems is false, and
 * one in the Inbox of every emulator user among the recipients (Bcc hidden from their copies).
 */
export function submitMessage(ctx: EmulatorContext, sender: User, message: Json, saveToSentItems: boolean, mime?: string): StoredMessage {
  if (sender.mailboxFull) throw graphError('ErrorQuotaExceeded');
  checkHeaders(message);
  const all = checkRecipients(message);
  const fromAddress = (message.from as Recipient | undefined)?.emailAddress?.address;
  if (fromAddress && !maySendAs(sender, fromAddress)) throw graphError('ErrorSendAsDenied');
  const nowIso = new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const self = { emailAddress: { name: sender.displayName, address: sender.mail ?? sender.email } };
  const ids = newMessageIds(sender);
  const attachments = Array.isArray(message.attachments) ? message.attachments : [];
  const full: Json = {
    ...message,
    id: ids.id,
    internetMessageId: typeof message.internetMessageId === 'string' ? message.internetMessageId : ids.internetMessageId,
    from: message.from ?? self,
    sender: message.sender ?? message.from ?? self,
    isDraft: false,
    hasAttachments: attachments.length > 0,
    sentDateTime: nowIso,
    receivedDateTime: nowIso,
  };
  const stored = (m: Json): StoredMessage => ({
    id: m.id as string, internetMessageId: m.internetMessageId as string,
    receivedDateTime: nowIso, sentDateTime: nowIso, message: m, ...(mime !== undefined ? { mime } : {}),
  });
  const sent = stored(full);
  if (saveToSentItems) ctx.store.mailbox(sender.id).sentItems.push(sent);
  const delivered = new Set<string>();
  for (const r of all) {
    const target = ctx.store.userByEmail(r.emailAddress?.address ?? '') ?? findByMail(ctx, r.emailAddress?.address ?? '');
    if (!target || delivered.has(target.id) || !target.mailboxEnabled) continue;
    delivered.add(target.id);
    const { bccRecipients: _bcc, ...visible } = structuredClone(full);
    ctx.store.mailbox(target.id).inbox.push(stored({ ...visible, id: newMessageIds(target).id }));
  }
  return sent;
}

function findByMail(ctx: EmulatorContext, address: string): User | undefined {
  const a = address.toLowerCase();
  for (const u of ctx.store.users.values()) if (u.mail?.toLowerCase() === a) return u;
  return undefined;
}
