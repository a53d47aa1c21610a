import type { FetchMessageObject, FetchQueryObject, MessageAddressObject } from 'imapflow';
import type { IncomingMailMessage, MailAddress, MailFlags } from '../../../core/mailbox/mail-message.js';
import { firstMessageId, parseMessageIds } from '../../../core/mailbox/message-ids.js';
import { messageSnippet } from '../../../core/mailbox/message-snippet.js';
import { threadKey } from '../../../core/mailbox/thread-key.js';
import { BODY_PREFIX_BYTES, snippetSource } from './body-prefix.js';
import { hasAttachments } from './body-structure.js';

/**
 * What the sync asks of each message, in one FETCH per batch (RFC 3501 §6.4.5; imapflow sends
 * every body section as BODY.PEEK, so nothing sets `\Seen`): the envelope, flags, size, date the
 * server received it, the structure, `References` (not in the envelope), and the first bytes of
 * the body for the snippet.
 */
export const ENVELOPE_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
  headers: ['references'],
  bodyParts: [{ key: 'TEXT', start: 0, maxLength: BODY_PREFIX_BYTES }],
};

/** The flags Mailbridge keeps (RFC 3501 §2.3.2 system flags, compared without regard to case). */
export function mailFlags(flags: ReadonlySet<string> | undefined): MailFlags {
  let seen = false;
  let flagged = false;
  for (const f of flags ?? []) {
    const lower = f.toLowerCase();
    if (lower === '\\seen') seen = true;
    else if (lower === '\\flagged') flagged = true;
  }
  return { unread: !seen, flagged };
}

/**
 * A FETCH answer as the sink takes it; `remoteId` is the UID in decimal. Built from whatever the
 * server sent: a missing or broken envelope gives an empty subject, no addresses, the
 * INTERNALDATE for a date; a body that cannot be read gives no snippet. Never throws.
 */
export function incomingMessage(m: FetchMessageObject): IncomingMailMessage {
  const env = m.envelope ?? {};
  const from = addresses(env.from)[0] ?? null;
  const references = parseMessageIds(headerValue(m.headers, 'references'));
  const internetMessageId = firstMessageId(env.messageId);
  const inReplyTo = firstMessageId(env.inReplyTo);
  const subject = typeof env.subject === 'string' ? env.subject : '';
  return {
    remoteId: String(m.uid),
    internetMessageId,
    threadKey: threadKey({ messageId: internetMessageId, inReplyTo, references, subject, from: from?.address ?? null }),
    subject,
    from,
    to: addresses(env.to),
    cc: addresses(env.cc),
    bcc: addresses(env.bcc),
    replyTo: addresses(env.replyTo),
    date: validDate(env.date) ?? validDate(m.internalDate) ?? new Date(0),
    ...mailFlags(m.flags),
    hasAttachments: m.bodyStructure ? safely(() => hasAttachments(m.bodyStructure!), false) : false,
    size: m.size ?? 0,
    snippet: messageSnippet(snippetSource(m.bodyStructure, bodyPrefix(m))),
    inReplyTo,
    references,
  };
}

/** imapflow keys a partial section by its lowercased name, `<origin>` included: `text]<0>` or `text`. */
function bodyPrefix(m: FetchMessageObject): Buffer | undefined {
  for (const [key, value] of m.bodyParts ?? []) if (key.toLowerCase().startsWith('text')) return value;
  return undefined;
}

/** Addresses with an address; a group's name (RFC 5322 §3.4, an empty address in imapflow) is left out. */
function addresses(list: MessageAddressObject[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const a of list ?? []) {
    const address = typeof a.address === 'string' ? a.address.trim() : '';
    if (!address) continue;
    const name = typeof a.name === 'string' ? a.name.trim() : '';
    out.push(name ? { address, name } : { address });
  }
  return out;
}

function validDate(value: Date | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The value of a header field in a `BODY[HEADER.FIELDS (…)]` answer, unfolded (RFC 5322 §2.2.3); fields repeated are joined. */
export function headerValue(headers: Buffer | undefined, name: string): string | null {
  if (!headers) return null;
  const unfolded = headers.toString('utf8').replace(/\r?\n(?=[ \t])/g, '');
  const values = unfolded
    .split(/\r?\n/)
    .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((line) => line.slice(name.length + 1).trim());
  return values.length ? values.join(' ') : null;
}

function safely<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
