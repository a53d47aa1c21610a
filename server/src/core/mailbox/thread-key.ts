import { createHash } from 'node:crypto';
import { addressKey } from '@mailbridge/contract';
import { firstMessageId, parseMessageIds } from './message-ids.js';
import { baseSubject } from './subject-prefixes.js';

/** A thread key is at most this long (the storage column, and an id an API may show). */
export const THREAD_KEY_MAX = 64;

/** What the thread key is computed from: the raw headers (or Graph's fields) of one message. */
export interface ThreadHeaders {
  messageId?: string | null | undefined;
  inReplyTo?: string | null | undefined;
  references?: string | readonly string[] | null | undefined;
  subject?: string | null | undefined;
  /** The sender's address. */
  from?: string | null | undefined;
  /** Graph's `conversationId`, the same for a whole conversation: used first when present. */
  conversationId?: string | null | undefined;
}

const hash = (s: string): string => createHash('sha256').update(s).digest('base64url');

/** `value` itself when it fits, else `#` and its SHA-256 (44 characters). */
const fit = (value: string): string => (value.length <= THREAD_KEY_MAX ? value : `#${hash(value)}`);

/**
 * The key shared by the messages of one conversation: Graph's `conversationId` (`c:` and it);
 * else the root of the thread, the first id of `References` (RFC 5322 §3.6.4 keeps it first and
 * clients that shorten the header keep it), else the `In-Reply-To` id, else the message's own
 * `Message-ID`; ids normalized (normalizeMessageId). A message with none gets `s:` and a hash of
 * its subject without prefixes and its sender, so a sender's repeated messages without ids still
 * group. At most {@link THREAD_KEY_MAX} characters, stable for the same headers, never throws.
 */
export function threadKey(h: ThreadHeaders): string {
  const conversation = h.conversationId?.trim();
  if (conversation) return fit(`c:${conversation}`);
  const id = parseMessageIds(h.references ?? null, 1)[0] ?? firstMessageId(h.inReplyTo) ?? firstMessageId(h.messageId);
  if (id) return fit(id);
  const subject = baseSubject((h.subject ?? '').slice(0, 2000)).normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  return `s:${hash(`${subject}\n${addressKey(h.from ?? '')}`)}`;
}
