import type { ForwardInput } from '@mailbridge/contract';
import type { Actor, SendingMethod } from '../domain.js';
import type { Deps } from '../deps.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import type { MailContent } from './mail-content.js';
import type { MailAddress, MailMessage } from './mail-message.js';
import { loadMailMessage } from './mailbox-access.js';
import { originalContent, quotedDate } from './original-content.js';
import { displayAddress, replyHtml, textAsHtml } from './quote-original.js';
import { forwardSubject } from './subject-prefixes.js';
import { queueResponse } from './queue-response.js';

/**
 * Whether the forward must carry the original's files itself. Graph's createForward draft already
 * holds them (learn.microsoft.com graph/api/message-createforward), so adding them would send
 * them twice; over SMTP the message is all there is.
 */
const CARRIES_ATTACHMENTS: Record<SendingMethod, boolean> = { smtp_imap: true, graph: false, graph_app: false };

const list = (a: string | string[] | undefined) => (a === undefined ? [] : Array.isArray(a) ? a : [a]).map((address) => ({ address }));
const addresses = (l: readonly MailAddress[]) => l.map(displayAddress).join(', ');

/** The block a forward starts the original with, as mail clients write it. */
function forwardedHeader(m: MailMessage): string {
  return [
    '---------- Forwarded message ---------',
    `From: ${displayAddress(m.from)}`,
    `Date: ${quotedDate(m.date)}`,
    `Subject: ${m.subject}`,
    `To: ${addresses(m.to)}`,
    ...(m.cc.length > 0 ? [`Cc: ${addresses(m.cc)}`] : []),
  ].join('\n');
}

/**
 * POST …/mailbox/messages/{messageId}/forward: `Fwd:` subject, the caller's words, then the
 * original under a "Forwarded message" header (text, and HTML when either side has HTML), with
 * the original's files. Queued through the outbox like any send; on Graph the sender starts from
 * a createForward draft of the original (`respondsTo`).
 */
export async function forwardMessage(deps: Deps, content: MailContent, actor: Actor, accountId: string, messageId: string, input: ForwardInput, idempotencyKey?: string): Promise<OutboxMessage> {
  const loaded = await loadMailMessage(deps, actor, accountId, messageId);
  const { account, message } = loaded;
  const carry = CARRIES_ATTACHMENTS[account.sendingMethod];
  const original = await originalContent(deps, content, loaded, carry);
  const header = forwardedHeader(message);
  const own = input.text ?? '';
  const text = `${own.replace(/\s+$/, '')}\n\n${header}\n\n${original.text.replace(/\s+$/, '')}\n`.replace(/^\n+/, '');
  const wantsHtml = input.html !== undefined || original.sanitizedHtml !== null;
  const html = wantsHtml ? replyHtml(input.html ?? textAsHtml(own), header, original) : undefined;
  const queued = await queueResponse(deps, actor, account.id, {
    input: { to: list(input.to), cc: list(input.cc), subject: forwardSubject(message.subject), text, ...(html !== undefined ? { html } : {}) },
    carried: carry ? original.attachments : [],
    respondsTo: { kind: 'forward', remoteId: message.remoteId },
    idempotencyKey,
  });
  return queued.message;
}
