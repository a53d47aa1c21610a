import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { replyToMessage } from '../../../core/mailbox/reply-to-message.js';
import { forwardMessage } from '../../../core/mailbox/forward-message.js';
import { defineRoute } from '../../define-route.js';
import { idempotencyKey } from '../accounts/send-routes.js';
import { mailContent } from './mail-content.js';
import { mailboxParam } from './mail-params.js';

/** Reply and forward: 202 once queued, like POST /accounts/{id}/messages (later states at GET /messages/{id}). */
export function mailResponseRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.replyToMailMessage, async ({ deps, actor, params, body, request }) => {
    const key = idempotencyKey(request);
    const m = await replyToMessage(deps, mailContent, actor, params.id!, mailboxParam(params, 'messageId'), body, key);
    return { id: m.id, status: m.status };
  });
  defineRoute(app, deps, endpoints.forwardMailMessage, async ({ deps, actor, params, body, request }) => {
    const key = idempotencyKey(request);
    const m = await forwardMessage(deps, mailContent, actor, params.id!, mailboxParam(params, 'messageId'), body, key);
    return { id: m.id, status: m.status };
  });
}
