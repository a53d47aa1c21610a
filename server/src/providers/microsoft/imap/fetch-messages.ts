import type { FetchMessageObject, FetchQueryObject } from 'imapflow';
import type { IncomingMailMessage } from '../../../core/mailbox/mail-message.js';
import type { Logger } from '../../../platform/logger.js';
import { isServerRefusal } from './imap-error.js';
import type { ImapLink } from './imap-link.js';
import { ENVELOPE_QUERY, incomingMessage } from './imap-message.js';
import { uidSet } from './uid-sets.js';

/** How many messages one FETCH asks for. */
export const FETCH_BATCH = 500;

/** What is asked again of a message the full FETCH did not give: no structure, no body. */
const REDUCED_QUERY: FetchQueryObject = { uid: true, flags: true, envelope: true, size: true, internalDate: true };

/**
 * The messages with these UIDs, in one UID FETCH (ENVELOPE_QUERY), in UID order. One message
 * never stops the sync, nor is it skipped silently (docs/mailbox-reading.md):
 * - A server that refuses the command over one bad message (Exchange: "The requested message
 *   could not be converted to an RFC-822 compatible format", quoted in client bug reports) gets
 *   the batch again in halves, down to single messages.
 * - A message the full FETCH did not give (refused alone, or its answer dropped by imapflow,
 *   which cannot parse one nested deeper than it accepts, a multipart 22 levels deep, say,
 *   though the command succeeds) is asked for again without its structure and body.
 * - One that does not come back even so was expunged meanwhile, or is refused outright: it is
 *   left out, and logged.
 */
export async function fetchMessages(link: ImapLink, uids: readonly number[], logger?: Logger): Promise<IncomingMailMessage[]> {
  if (uids.length === 0) return [];
  const wanted = new Set(uids);
  let full: FetchMessageObject[];
  try {
    full = await link.fetch(uidSet(uids), ENVELOPE_QUERY);
  } catch (err) {
    if (!isServerRefusal(err)) throw err;
    if (uids.length === 1) full = [];
    else {
      const half = Math.ceil(uids.length / 2);
      return [...(await fetchMessages(link, uids.slice(0, half), logger)), ...(await fetchMessages(link, uids.slice(half), logger))];
    }
  }
  const got = byUid(full, wanted);
  const missing = uids.filter((u) => !got.has(u));
  if (missing.length > 0) {
    const reduced = await link.fetch(uidSet(missing), REDUCED_QUERY).catch((err: unknown) => {
      if (!isServerRefusal(err)) throw err;
      return [];
    });
    for (const [uid, m] of byUid(reduced, new Set(missing))) {
      got.set(uid, m);
      logger?.warn({ uid }, 'An IMAP message came only without its structure and body; it is kept without a snippet');
    }
    const lost = missing.filter((u) => !got.has(u));
    if (lost.length > 0) logger?.warn({ uids: lost }, 'IMAP messages the server did not give (expunged meanwhile, or refused) are left out');
  }
  return [...got.entries()].sort(([a], [b]) => a - b).map(([, m]) => incomingMessage(m));
}

/**
 * The answers for `wanted` UIDs, one per UID. imapflow's fetchAll also collects unsolicited FETCH
 * responses (a flag change reported meanwhile, RFC 3501 §7.4.2), which carry none of the items
 * both queries ask for (ENVELOPE, RFC822.SIZE, INTERNALDATE) and so answer nothing.
 */
function byUid(answers: readonly FetchMessageObject[], wanted: ReadonlySet<number>): Map<number, FetchMessageObject> {
  const out = new Map<number, FetchMessageObject>();
  for (const m of answers) {
    const answered = m.envelope !== undefined || m.size !== undefined || m.internalDate !== undefined;
    if (answered && wanted.has(m.uid) && !out.has(m.uid)) out.set(m.uid, m);
  }
  return out;
}
