import { z } from 'zod';
import type { IncomingMailMessage, MailAddress } from '../../../core/mailbox/mail-message.js';
import { firstMessageId } from '../../../core/mailbox/message-ids.js';
import { messageSnippet } from '../../../core/mailbox/message-snippet.js';
import { threadKey } from '../../../core/mailbox/thread-key.js';

/**
 * What the sync asks of each message in `messages/delta` (learn.microsoft.com graph/api/message-delta,
 * graph/api/resources/message). Left out, on purpose:
 * - `internetMessageHeaders` (In-Reply-To, References): Graph returns them only when selected
 *   on a single message, not in a collection or a delta round; the thread key comes from
 *   `conversationId` instead (thread-key.ts), and the headers travel with the MIME (`$value`)
 *   when a message is opened. `inReplyTo` and `references` stay empty.
 * - the size: message has no `size` property in v1.0; PidTagMessageSize (`Integer 0x0E08`)
 *   would need `$expand=singleValueExtendedProperties(...)` on every delta page, which
 *   message-delta does not document for Outlook items, and a refused `$expand` would stop the
 *   whole sync. Size is 0 until a body fetch knows better (**unconfirmed** whether $expand works).
 */
export const DELTA_SELECT = [
  'subject', 'from', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'receivedDateTime', 'sentDateTime',
  'isRead', 'flag', 'hasAttachments', 'internetMessageId', 'conversationId', 'bodyPreview',
].join(',');

const Recipient = z.object({ emailAddress: z.object({ address: z.string().nullish(), name: z.string().nullish() }).nullish() }).passthrough();
const Recipients = z.array(Recipient).nullish();

/** A full item of a delta page (every property optional: Graph leaves out what is null). */
const DeltaMessage = z.object({
  id: z.string(),
  subject: z.string().nullish(),
  from: Recipient.nullish(),
  toRecipients: Recipients,
  ccRecipients: Recipients,
  bccRecipients: Recipients,
  replyTo: Recipients,
  receivedDateTime: z.string().nullish(),
  sentDateTime: z.string().nullish(),
  isRead: z.boolean().nullish(),
  flag: z.object({ flagStatus: z.string().nullish() }).passthrough().nullish(),
  hasAttachments: z.boolean().nullish(),
  internetMessageId: z.string().nullish(),
  conversationId: z.string().nullish(),
  bodyPreview: z.string().nullish(),
}).passthrough();

/** `{"id": …, "@removed": {"reason": "deleted"}}`: deleted, or moved out of the folder. */
const RemovedItem = z.object({ id: z.string(), '@removed': z.object({ reason: z.string().optional() }).passthrough() });

/** One page of a delta round. */
export const DeltaPage = z.object({
  value: z.array(z.record(z.string(), z.unknown())),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
export type DeltaPage = z.infer<typeof DeltaPage>;

export type DeltaEntry = { kind: 'message'; message: IncomingMailMessage } | { kind: 'removed'; remoteId: string } | { kind: 'unreadable' };

function address(r: z.infer<typeof Recipient> | null | undefined): MailAddress | null {
  const a = r?.emailAddress?.address?.trim();
  if (!a) return null;
  const name = r?.emailAddress?.name?.trim();
  return name && name !== a ? { address: a, name } : { address: a };
}

const addresses = (list: z.infer<typeof Recipients>): MailAddress[] => (list ?? []).map(address).filter((a): a is MailAddress => a !== null);

function dateOf(...values: (string | null | undefined)[]): Date {
  for (const v of values) {
    const d = v ? new Date(v) : null;
    if (d && !Number.isNaN(d.getTime())) return d;
  }
  return new Date(0);
}

/**
 * A delta item as the sink takes it. `flag.flagStatus` `complete` counts as not flagged (IMAP's
 * `\Flagged` has no "done" state). A malformed item is `unreadable` and skipped: one odd message
 * never stops the sync.
 */
export function deltaEntry(raw: Record<string, unknown>): DeltaEntry {
  const removed = RemovedItem.safeParse(raw);
  if (removed.success) return { kind: 'removed', remoteId: removed.data.id };
  const parsed = DeltaMessage.safeParse(raw);
  if (!parsed.success) return { kind: 'unreadable' };
  const m = parsed.data;
  const from = address(m.from);
  const internetMessageId = firstMessageId(m.internetMessageId);
  const subject = m.subject ?? '';
  return {
    kind: 'message',
    message: {
      remoteId: m.id,
      internetMessageId,
      threadKey: threadKey({ conversationId: m.conversationId, messageId: internetMessageId, subject, from: from?.address }),
      subject,
      from,
      to: addresses(m.toRecipients),
      cc: addresses(m.ccRecipients),
      bcc: addresses(m.bccRecipients),
      replyTo: addresses(m.replyTo),
      date: dateOf(m.receivedDateTime, m.sentDateTime),
      unread: m.isRead === false,
      flagged: m.flag?.flagStatus?.toLowerCase() === 'flagged',
      hasAttachments: m.hasAttachments === true,
      size: 0,
      // bodyPreview is the body's first 255 characters as text (graph/api/resources/message).
      snippet: messageSnippet({ text: m.bodyPreview ?? '' }),
      inReplyTo: null,
      references: [],
    },
  };
}
