import { addressKey } from '@mailbridge/contract';
import type { MailAddress, MailMessage } from './mail-message.js';

/** What a reply's recipients come from. */
export type ReplyOriginal = Pick<MailMessage, 'from' | 'replyTo' | 'to' | 'cc'>;

/** The mailbox answering: its own address and those it may send as (MailAccount's email, linkedAddress, sendAs). */
export type OwnAddresses = readonly string[];

export interface ReplyRecipients {
  to: MailAddress[];
  cc: MailAddress[];
}

/**
 * A reply's recipients, as Outlook and Graph's createReply/createReplyAll choose them
 * (docs/microsoft.md §2 "Reading and changing the mailbox"): to `Reply-To` when the original has
 * one, else to its sender (RFC 5322 §3.6.2); with `all`, also to the original's To, and its Cc
 * in Cc. The mailbox's own addresses are left out, and each address comes once (addressKey),
 * first place wins. Replying to a message the mailbox sent itself (from Sent) goes to the
 * original's recipients instead, as mail clients do, rather than to oneself.
 */
export function replyRecipients(original: ReplyOriginal, own: OwnAddresses, all = false): ReplyRecipients {
  const ownKeys = new Set(own.map(addressKey));
  const isOwn = (a: MailAddress) => ownKeys.has(addressKey(a.address));
  const fromSelf = original.from !== null && isOwn(original.from) && original.replyTo.every(isOwn);
  const first = fromSelf ? original.to : original.replyTo.length > 0 ? original.replyTo : original.from ? [original.from] : [];
  const seen = new Set<string>();
  const take = (list: readonly MailAddress[]) =>
    list.filter((a) => {
      const k = addressKey(a.address);
      if (k === '' || ownKeys.has(k) || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  const to = take(first);
  if (!all) return { to, cc: [] };
  const more = take(fromSelf ? [] : original.to);
  return { to: [...to, ...more], cc: take(original.cc) };
}
