import type { FastifyInstance } from 'fastify';
import { graphTime } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import { attachmentSizes, renderAttachment, storedAttachment } from './attachment-items.js';
import { addAttachment, draftToAttach } from './attachment-target.js';
import { graphError } from './graph-error.js';
import { jsonBody } from './graph-handler.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { validateAttachment } from './schema-validate.js';
import { assertSendSize } from './send-size.js';

/**
 * POST /v1.0/me/messages/{id}/attachments (also under /users/{id | userPrincipalName}) with a `#microsoft.graph.fileAttachment` (files under
 * 3 MB: graph/outlook-large-attachments; the request is capped at 4 MB like any other) → 201 with
 * the attachment (graph/api/message-post-attachments). Needs Mail.ReadWrite and a draft; the
 * draft's attachments must stay within the mailbox's maximum send size.
 */
export function registerPostAttachmentRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'POST', '/messages/:id/attachments', 'attachments', (call) => {
    const found = draftToAttach(ctx, call);
    const body = jsonBody(call);
    validateAttachment(body);
    const given = body as Record<string, unknown>;
    if (typeof given.contentBytes !== 'string') throw graphError('ErrorInvalidParameter', { params: { name: 'contentBytes' } });
    const entry = storedAttachment(given, graphTime(ctx.clock.now()));
    assertSendSize(call.user, [...attachmentSizes(found.item.message), entry.size as number]);
    addAttachment(ctx, found.item, entry);
    const id = (call.req.params as { id: string }).id;
    return {
      status: 201,
      body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${call.user.id}')/messages('${id}')/attachments/$entity`, ...renderAttachment(found.item, entry, true) },
    };
  });
}
