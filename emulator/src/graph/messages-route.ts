import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { graphHandler, jsonBody } from './graph-handler.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { validateMessage } from './schema-validate.js';
import { assertMailbox } from './send-mail-route.js';
import { checkHeaders, newMessageIds, submitMessage } from './submit-message.js';

/**
 * Drafts: POST /v1.0/me/messages (201, needs Mail.ReadWrite) then
 * POST /v1.0/me/messages/{id}/send (202, empty body, needs Mail.Send).
 */
export function registerMessagesRoutes(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  app.post('/v1.0/me/messages', { config: { endpoint: 'messages' } }, graphHandler(ctx, slots, (call) => {
    const { token, user } = call;
    if (!hasPermission(token, 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
    assertMailbox(user);
    const body = jsonBody(call);
    validateMessage(body);
    const message = body as Record<string, unknown>;
    checkHeaders(message);
    if (user.mailboxFull) throw graphError('ErrorQuotaExceeded');
    const nowIso = new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const ids = newMessageIds(user);
    const draft: Record<string, unknown> = {
      ...message,
      id: ids.id,
      internetMessageId: ids.internetMessageId,
      createdDateTime: nowIso,
      lastModifiedDateTime: nowIso,
      isDraft: true,
      hasAttachments: Array.isArray(message.attachments) && message.attachments.length > 0,
    };
    ctx.store.mailbox(user.id).drafts.push({ id: ids.id, internetMessageId: ids.internetMessageId, receivedDateTime: nowIso, sentDateTime: nowIso, message: draft });
    // Graph returns the message without its attachments unless asked to $expand them.
    const { attachments: _attachments, ...shown } = draft;
    return {
      status: 201,
      body: { '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('me')/messages/$entity", ...shown },
    };
  }));

  app.post<{ Params: { id: string } }>('/v1.0/me/messages/:id/send', { config: { endpoint: 'send' } }, graphHandler(ctx, slots, (call) => {
    const { token, user } = call;
    if (!hasPermission(token, 'Mail.Send')) throw graphError('ErrorAccessDenied');
    assertMailbox(user);
    const drafts = ctx.store.mailbox(user.id).drafts;
    const id = (call.req.params as { id: string }).id;
    const index = drafts.findIndex((d) => d.id === id);
    const draft = drafts[index];
    if (!draft) throw graphError('ErrorItemNotFound');
    const { id: _id, internetMessageId, createdDateTime: _c, lastModifiedDateTime: _l, isDraft: _d, ...message } = draft.message;
    submitMessage(ctx, user, { ...message, internetMessageId }, true);
    drafts.splice(index, 1);
    return { status: 202 };
  }));
}
