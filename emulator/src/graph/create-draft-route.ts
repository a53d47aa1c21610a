import type { FastifyInstance } from 'fastify';
import { graphTime } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import { attachmentSizes, withStoredAttachments } from './attachment-items.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { jsonBody } from './graph-handler.js';
import { renderMessage } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { IMMUTABLE_APPLIED, MESSAGE_ID, newImmutableId, newInternetMessageId, newRegularId, wantsImmutableIds } from './message-ids.js';
import { validateMessage } from './schema-validate.js';
import { assertMailbox } from './send-mail-route.js';
import { assertSendSize } from './send-size.js';
import { checkHeaders } from './submit-message.js';

/**
 * POST /v1.0/me/messages (also under /users/{id | userPrincipalName}): creates a draft in Drafts (201 with the message; needs Mail.ReadWrite).
 * The caller may set `internetMessageId` (a `<left@right>` Message-ID), which the sent message keeps.
 * Attachments given inline count against the mailbox's maximum send size.
 */
export function registerCreateDraftRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'POST', '/messages', 'messages', (call) => {
    const { token, user, req } = call;
    if (!hasPermission(token, 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
    assertMailbox(user);
    const body = jsonBody(call);
    validateMessage(body);
    checkHeaders(body as Record<string, unknown>);
    if (user.mailboxFull) throw graphError('ErrorQuotaExceeded');
    const nowIso = graphTime(ctx.clock.now());
    const message = withStoredAttachments(body as Record<string, unknown>, nowIso);
    const given = message.internetMessageId;
    if (typeof given === 'string' && !MESSAGE_ID.test(given)) throw graphError('ErrorInvalidInternetMessageId', { params: { value: given } });
    assertSendSize(user, attachmentSizes(message));
    const id = newRegularId();
    const internetMessageId = typeof given === 'string' ? given : newInternetMessageId(user);
    const draft: Record<string, unknown> = {
      ...message,
      id,
      internetMessageId,
      createdDateTime: nowIso,
      lastModifiedDateTime: nowIso,
      isDraft: true,
      hasAttachments: Array.isArray(message.attachments) && message.attachments.length > 0,
    };
    const item = { id, immutableId: newImmutableId(), internetMessageId, receivedDateTime: nowIso, sentDateTime: nowIso, message: draft };
    ctx.store.mailbox(user.id).drafts.push(item);
    const immutable = wantsImmutableIds(req);
    return {
      status: 201,
      headers: immutable ? IMMUTABLE_APPLIED : {},
      body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/messages/$entity`, ...renderMessage(user, { folder: 'drafts', item }, immutable) },
    };
  });
}
