import type { ReplyInput } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { InvalidInputError } from '../errors.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import type { MailContent } from './mail-content.js';
import { loadMailMessage } from './mailbox-access.js';
import { originalContent, quotedDate } from './original-content.js';
import { attributionLine, ENGLISH_ATTRIBUTION, replyHtml, replyText } from './quote-original.js';
import { replyRecipients } from './reply-recipients.js';
import { replyThreading } from './reply-references.js';
import { replySubject } from './subject-prefixes.js';
import { queueResponse } from './queue-response.js';

/**
 * POST …/mailbox/messages/{messageId}/reply: to the sender (or, with `all`, everyone but the
 * mailbox itself), `Re:` subject, In-Reply-To and References (RFC 5322 §3.6.4), the caller's text
 * and HTML each followed by the quoted original, queued through the outbox like any send. On
 * Graph the sender starts from a createReply/createReplyAll draft of the original (`respondsTo`).
 */
export async function replyToMessage(deps: Deps, content: MailContent, actor: Actor, accountId: string, messageId: string, input: ReplyInput, idempotencyKey?: string): Promise<OutboxMessage> {
  const loaded = await loadMailMessage(deps, actor, accountId, messageId);
  const { account, message } = loaded;
  const own = [account.email, ...(account.linkedAddress ? [account.linkedAddress] : []), ...account.sendAs];
  const recipients = replyRecipients(message, own, input.all ?? false);
  if (recipients.to.length === 0) {
    throw new InvalidInputError('The original names no one to reply to but this mailbox itself: forward it instead', { details: [{ path: 'all', message: 'no recipient is left to reply to' }] });
  }
  const original = await originalContent(deps, content, loaded, false);
  const intro = attributionLine(ENGLISH_ATTRIBUTION, quotedDate(message.date), message.from);
  const threading = replyThreading(message);
  const headers: Record<string, string> = {
    ...(threading.inReplyTo ? { 'In-Reply-To': threading.inReplyTo } : {}),
    ...(threading.references.length > 0 ? { References: threading.references.join(' ') } : {}),
  };
  const queued = await queueResponse(deps, actor, account.id, {
    input: {
      to: recipients.to,
      cc: recipients.cc,
      subject: replySubject(message.subject),
      ...(input.text !== undefined ? { text: replyText(input.text, intro, original.text) } : {}),
      ...(input.html !== undefined ? { html: replyHtml(input.html, intro, original) } : {}),
      headers,
    },
    attachments: input.attachments,
    respondsTo: { kind: input.all ? 'replyAll' : 'reply', remoteId: message.remoteId },
    idempotencyKey,
  });
  return queued.message;
}
