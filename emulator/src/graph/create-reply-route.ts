import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import type { GraphCall } from './graph-handler.js';
import { itemToRead, messageResult } from './get-message-route.js';
import { removeItem } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { threadingOf } from './message-view.js';
import { createReplyDraft, type ReplyKind } from './reply-draft.js';
import { validateActionBody } from './schema-validate.js';
import { submitMessage } from './submit-message.js';

const KINDS: ReadonlyArray<{ kind: ReplyKind; create: string; direct: string }> = [
  { kind: 'reply', create: 'createReply', direct: 'reply' },
  { kind: 'replyAll', create: 'createReplyAll', direct: 'replyAll' },
  { kind: 'forward', create: 'createForward', direct: 'forward' },
];

/** The action's parameters: an empty body is allowed (message-createreply: "This method does not require a request body"). */
function params(call: GraphCall, action: string): Record<string, unknown> {
  const body = call.body;
  if (!body || body.raw.length === 0) return {};
  if (body.jsonError || body.json === undefined) throw graphError('BadRequest');
  return validateActionBody(body.json, `${action}@graph.message`);
}

/**
 * POST messages/{id}/createReply, createReplyAll, createForward (Mail.ReadWrite) → 201 with the
 * draft (reply-draft.ts), which `send` then sends with In-Reply-To and References; and
 * reply, replyAll, forward (Mail.Send) → 202, the same draft made and sent at once.
 */
export function registerCreateReplyRoutes(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  for (const { kind, create, direct } of KINDS) {
    mailboxRoute(app, ctx, slots, 'POST', `/messages/:id/${create}`, create, (call) => {
      if (!hasPermission(call.token, 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
      const original = itemToRead(ctx, call);
      const draft = createReplyDraft(ctx, call.user, original.item, kind, params(call, create));
      return messageResult(call, { folder: 'drafts', item: draft }, 201);
    });
    mailboxRoute(app, ctx, slots, 'POST', `/messages/:id/${direct}`, 'replyMessage', (call) => {
      if (!hasPermission(call.token, 'Mail.Send')) throw graphError('ErrorAccessDenied');
      const original = itemToRead(ctx, call);
      const draft = createReplyDraft(ctx, call.user, original.item, kind, params(call, direct));
      removeItem(ctx, call.user, { folder: 'drafts', item: draft });
      const { id: _id, createdDateTime: _c, lastModifiedDateTime: _l, isDraft: _d, ...message } = draft.message;
      submitMessage(ctx, call.user, { ...message, internetMessageId: draft.internetMessageId }, {
        saveToSentItems: true, via: 'draft', threading: threadingOf(draft), ...(draft.attachmentBytes ? { attachmentBytes: draft.attachmentBytes } : {}),
      });
      return { status: 202 };
    });
  }
}
