import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { sendMessage } from '../../../core/sending/send-message.js';
import { sendTest } from '../../../core/sending/send-test.js';
import { defineRoute } from '../../define-route.js';

/**
 * Sending. 202 + `accepted` means Microsoft accepted the message for delivery (Graph's 202),
 * never that it was delivered.
 */
export function accountSendRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.sendMessage, async ({ deps, actor, params, body }) => {
    const r = await sendMessage(deps, actor, params.id!, body);
    return { id: r.id, status: r.status };
  });
  defineRoute(app, deps, endpoints.sendTest, async ({ deps, actor, params, body, locale }) => {
    const r = await sendTest(deps, actor, params.id!, body.to, locale);
    return { id: r.id, status: r.status };
  });
}
