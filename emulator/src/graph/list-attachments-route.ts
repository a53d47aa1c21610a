import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { attachmentEntries, renderAttachment } from './attachment-items.js';
import { graphError } from './graph-error.js';
import { findItem } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { parseAttachmentSelect, project } from './odata-query.js';
import { assertCanRead, assertIdShape } from './read-permission.js';
import { assertMailbox } from './send-mail-route.js';

/**
 * GET /v1.0/me/messages/{id}/attachments (also under /users/{id | userPrincipalName}) (graph/api/message-list-attachments): the attachments of
 * any message, with `$select` (e.g. `id,name,size`, which leaves out the base64 contentBytes).
 * Files still being uploaded (an open upload session) are not attachments yet.
 */
export function registerListAttachmentsRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'GET', '/messages/:id/attachments', 'listAttachments', (call) => {
    const { token, user, req } = call;
    assertCanRead(token);
    assertMailbox(user);
    const id = (req.params as { id: string }).id;
    assertIdShape(id);
    const select = parseAttachmentSelect(req.query as Record<string, string | undefined>);
    const found = findItem(ctx, user, id);
    if (!found) throw graphError('ErrorItemNotFound');
    const withContent = !select || select.includes('contentBytes');
    const value = attachmentEntries(found.item.message).map((a) => project(renderAttachment(found.item, a, withContent), select, ['@odata.type', 'id']));
    return {
      status: 200,
      body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/messages('${id}')/attachments${select ? `(${select.join(',')})` : ''}`, value },
    };
  });
}
