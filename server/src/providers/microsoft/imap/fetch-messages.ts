import type { FetchMessageObject, FetchQueryObject } from 'imapflow';
import type { IncomingMailMessage } from '../../../core/mailbox/mail-message.js';
import type { Logger } from '../../../platform/logger.js';
import { isServerRefusal } from './imap-error.js';
import type { ImapLink } from './imap-link.js';
import { ENVELOPE_QUERY, incomingMessage } from './imap-message.js';
import { uidSet } from './uid-sets.js';

/** How many messages one FETCH asks for. */
export const FETCH_BATCH = 500;

/** What is asked again of a message whose full FETCH the server refused: no structure, no body. */
const REDUCED_QUERY: FetchQueryObject = { uid: true, flags: true, envelope: true, size: true, internalDate: true };

/**
 * The messages with these UIDs, in one UID FETCH (ENVELOPE_QUERY). A server that refuses the
 * command over one bad message (Exchange: "The requested message could not be converted to an
 * RFC-822 compatible format", quoted in client bug reports) gets the batch again in halves, down
 * to single messages, which are then asked for without their structure and body; a message it
 * refuses even so is left out (logged), so one message never stops the sync. UIDs expunged
 * meanwhile are simply not in the answer.
 */
export async function fetchMessages(link: ImapLink, uids: readonly number[], logger?: Logger): Promise<IncomingMailMessage[]> {
  if (uids.length === 0) return [];
  let answers: FetchMessageObject[];
  try {
    answers = await link.fetch(uidSet(uids), ENVELOPE_QUERY);
  } catch (err) {
    if (!isServerRefusal(err)) throw err;
    if (uids.length > 1) {
      const half = Math.ceil(uids.length / 2);
      return [...(await fetchMessages(link, uids.slice(0, half), logger)), ...(await fetchMessages(link, uids.slice(half), logger))];
    }
    answers = await link.fetch(uidSet(uids), REDUCED_QUERY).catch((again: unknown) => {
      if (!isServerRefusal(again)) throw again;
      logger?.warn({ uid: uids[0] }, 'The IMAP server refused to give a message; it is left out');
      return [];
    });
  }
  const wanted = new Set(uids);
  const found = answers.filter((m) => wanted.has(m.uid));
  if (found.length === wanted.size) return found.map(incomingMessage);
  // A UID missing from a full answer was expunged meanwhile, or its answer could not be parsed:
  // imapflow drops a FETCH line nested deeper than it accepts (a multipart 22 levels deep, say)
  // without failing the command. Asked again without structure and body, such a message comes
  // back; one expunged does not, and is left out.
  const got = new Set(found.map((m) => m.uid));
  const missing = uids.filter((u) => !got.has(u));
  const again = (await link.fetch(uidSet(missing), REDUCED_QUERY).catch((err: unknown) => {
    if (!isServerRefusal(err)) throw err;
    return [];
  })).filter((m) => wanted.has(m.uid) && !got.has(m.uid));
  for (const m of again) logger?.warn({ uid: m.uid }, 'An IMAP message came back only without its structure and body; it is kept without a snippet');
  return [...found, ...again].map(incomingMessage);
}
