import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { findItem, removeItem } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { assertMailbox } from './send-mail-route.js';
import { threadingOf } from './message-view.js';
import { submitMessage } from './submit-message.js';

/**
 * POST /v1.0/me/messages/{id}/send (also under /users/{id | userPrincipalName}) (202, empty body; needs Mail.Send): the draft is submitted
 * like sendMail and moves to Sent Items, where it gets a new regular id and keeps its immutable one.
 * Its attachments go with it, uploaded ones included (their bytes are shared, not copied); a draft made
 * from MIME goes out as that MIME (its Bcc field left out of the recipients' copies).
 */
export function registerSendDraftRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'POST', '/messages/:id/send', 'send', (call) => {
    const { token, user } = call;
    if (!hasPermission(token, 'Mail.Send')) throw graphError('ErrorAccessDenied');
    assertMailbox(user);
    const found = findItem(ctx, user, (call.req.params as { id: string }).id);
    if (!found) throw graphError('ErrorItemNotFound');
    if (found.folder !== 'drafts') throw graphError('ErrorInvalidOperation');
    const { id: _id, createdDateTime: _c, lastModifiedDateTime: _l, isDraft: _d, isRead: _r, ...message } = found.item.message;
    submitMessage(ctx, user, { ...message, internetMessageId: found.item.internetMessageId }, {
      saveToSentItems: true, via: 'draft', ...(found.item.immutableId ? { immutableId: found.item.immutableId } : {}),
      ...(found.item.attachmentBytes ? { attachmentBytes: found.item.attachmentBytes } : {}),
      ...(found.item.mime !== undefined ? { mime: found.item.mime } : {}), threading: threadingOf(found.item),
    });
    removeItem(ctx, user, found);
    return { status: 202 };
  });
}
