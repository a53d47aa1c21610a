import type { EmulatorContext } from '../state/context.js';
import type { AcceptedMessage, StoredMessage, User } from '../state/types.js';
import { attachmentInfos } from './attachment-items.js';
import { parseHeaders } from './mime-message.js';

/** The header tests put on each message to count its acceptances. */
export const TEST_MARKER_HEADER = 'x-mailbridge-test-marker';

/** Custom X- headers of a message: its internetMessageHeaders, or the MIME head's. */
function customHeaders(stored: StoredMessage): Record<string, string> {
  const out: Record<string, string> = {};
  if (stored.mime !== undefined) {
    const split = /\r?\n\r?\n/.exec(stored.mime);
    for (const [name, value] of parseHeaders(split ? stored.mime.slice(0, split.index) : stored.mime)) {
      if (name.startsWith('x-')) out[name] = value;
    }
    return out;
  }
  const list = stored.message.internetMessageHeaders;
  for (const h of Array.isArray(list) ? (list as Array<{ name?: unknown; value?: unknown }>) : []) {
    if (typeof h.name === 'string' && typeof h.value === 'string') out[h.name.toLowerCase()] = h.value;
  }
  return out;
}

function fromAddress(stored: StoredMessage): string | null {
  const address = (stored.message.from as { emailAddress?: { address?: unknown } } | undefined)?.emailAddress?.address;
  return typeof address === 'string' ? address : null;
}

/**
 * Logs one acceptance (sendMail, a draft's send, an SMTP submission with its envelope) for
 * accepted() / acceptedCounts(), with its attachments' hashes.
 */
export function recordAccepted(
  ctx: EmulatorContext, sender: User, stored: StoredMessage, via: AcceptedMessage['via'], envelope?: AcceptedMessage['envelope'],
): void {
  const traffic = ctx.store.traffic;
  if (!traffic.recordAccepted) return;
  const headers = customHeaders(stored);
  traffic.accepted.push({
    at: ctx.clock.now(), mailbox: sender.email, via, internetMessageId: stored.internetMessageId, from: fromAddress(stored),
    ...(envelope ? { envelope: { mailFrom: envelope.mailFrom, rcptTo: [...envelope.rcptTo] } } : {}),
    headers, marker: headers[TEST_MARKER_HEADER] ?? null, attachments: attachmentInfos(stored),
  });
}
